#!/usr/bin/env python3
"""Writes a deterministic corpus of Kubernetes manifests for the whole-process benchmarks.

The same seed always gives the same bytes. The default corpus has about 9,260 files and 107 MB:

  crds/         big CustomResourceDefinitions with long OpenAPI v3 schemas (about half the bytes)
  apps/         one workload per file, every kind that carries a pod template, YAML and JSON,
                comments (some of them `manifestguard:ignore` suppressions), anchors and aliases
  releases/     multi-document files: a workload with its Service, ConfigMap, ServiceAccount, ...
  lists/        `kind: List` files (kubectl get -o yaml), YAML and JSON
  broken/       a few files that are not valid YAML, as real repositories have

Images are written the way repositories write them: mostly tags, a share pinned by digest
(with and without tag), `latest`, no tag at all, private registries with ports, and a few that
do not parse.

usage: generate.py [OUT_DIR] [--seed N] [--scale F]
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import sys

WORDS = (
    "the of a to is in for that field when this be it by are as on with or not if which from "
    "specifies defines value name object resource must may can should container pod selector "
    "label annotation default kubernetes cluster namespace controller reconcile status condition "
    "type reason message time last observed generation spec template port protocol path host "
    "secret key reference volume mount claim storage class request limit memory cpu replicas "
    "strategy rolling update max surge unavailable probe liveness readiness startup handler exec "
    "command args environment variable source config map service account token audience expiry "
    "seconds period threshold success failure initial delay timeout grace termination policy"
).split()

KINDS = [
    # (apiVersion, kind, path to the pod template; () for a Pod)
    ("v1", "Pod", ()),
    ("apps/v1", "Deployment", ("spec", "template")),
    ("apps/v1", "StatefulSet", ("spec", "template")),
    ("apps/v1", "DaemonSet", ("spec", "template")),
    ("apps/v1", "ReplicaSet", ("spec", "template")),
    ("v1", "ReplicationController", ("spec", "template")),
    ("batch/v1", "Job", ("spec", "template")),
    ("batch/v1", "CronJob", ("spec", "jobTemplate", "spec", "template")),
    ("apps.openshift.io/v1", "DeploymentConfig", ("spec", "template")),
    ("argoproj.io/v1alpha1", "Rollout", ("spec", "template")),
    ("serving.knative.dev/v1", "Service", ("spec", "template")),
]
KIND_WEIGHTS = [6, 40, 10, 6, 2, 1, 6, 6, 4, 5, 4]

REGISTRIES = [
    "", "", "", "",  # Docker Hub, written without a registry
    "docker.io/", "ghcr.io/acme/", "quay.io/acme/", "registry.k8s.io/",
    "gcr.io/acme-prod/", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/",
    "registry.internal.example.com:5000/", "localhost:5000/", "mcr.microsoft.com/",
]
REPOS = [
    "nginx", "redis", "postgres", "busybox", "alpine", "envoyproxy/envoy", "prom/prometheus",
    "grafana/grafana", "bitnami/kafka", "library/python", "team/api", "team/worker",
    "platform/sidecar-injector", "payments/ledger", "search/indexer", "ml/trainer",
    "istio/proxyv2", "fluent/fluent-bit", "coredns/coredns", "kube-state-metrics/kube-state-metrics",
]


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def digest(rng):
    return "sha256:" + hashlib.sha256(str(rng.random()).encode()).hexdigest()


def image(rng):
    base = rng.choice(REGISTRIES) + rng.choice(REPOS)
    tag = f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 12)}"
    r = rng.random()
    if r < 0.45:
        return f"{base}:{tag}"                      # tag only
    if r < 0.65:
        return f"{base}:{tag}@{digest(rng)}"        # pinned, tag kept for readers
    if r < 0.75:
        return f"{base}@{digest(rng)}"              # pinned, digest only
    if r < 0.88:
        return f"{base}:latest"
    if r < 0.97:
        return base                                 # no tag: means latest
    return rng.choice(["Nginx:1.25", "nginx:", "nginx@sha256:abc", "registry..example.com/app:1", "app:-bad"])


# ---------------------------------------------------------------- YAML emitter

class Anchored:
    """A value written with `&name` the first time."""

    def __init__(self, name, value):
        self.name, self.value = name, value


class Alias:
    """`*name`."""

    def __init__(self, name):
        self.name = name


class Commented:
    """A scalar followed by a trailing comment."""

    def __init__(self, value, comment):
        self.value, self.comment = value, comment


PLAIN_UNSAFE = set(":#{}[],&*!|>'\"%@`")
RESERVED = {"", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"}


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    needs_quotes = (
        s.lower() in RESERVED or s[0] in PLAIN_UNSAFE or s[0] in "-? " or s[-1] == " "
        or ": " in s or " #" in s or s.endswith(":") or "\n" in s
        or s.replace(".", "", 1).replace("-", "", 1).isdigit()
    )
    return json.dumps(s) if needs_quotes else s


def strip(v):
    """The plain value of a tree with markers, for JSON."""
    if isinstance(v, (Anchored, Commented)):
        return strip(v.value)
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items()}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v


def emit(value, out, indent=0, anchors=None):
    """Block-style YAML, the way people and kubectl write manifests."""
    anchors = {} if anchors is None else anchors
    pad = " " * indent
    if isinstance(value, dict):
        for key, v in value.items():
            if isinstance(key, str) and key.startswith("#"):
                out.append(f"{pad}{key}\n")
                continue
            head = f"{pad}{scalar(key)}:"
            emit_value(head, v, out, indent, anchors)
    elif isinstance(value, list):
        for v in value:
            emit_value(f"{pad}-", v, out, indent, anchors, in_list=True)


def emit_value(head, v, out, indent, anchors, in_list=False):
    tag = ""
    if isinstance(v, Anchored):
        tag = f" &{v.name}"
        anchors[v.name] = v.value
        v = v.value
    if isinstance(v, Alias):
        out.append(f"{head} *{v.name}\n")
    elif isinstance(v, Commented):
        out.append(f"{head}{tag} {scalar(v.value)}  # {v.comment}\n")
    elif isinstance(v, dict) and v:
        if in_list and not tag:
            # `- key: value` with the rest of the mapping aligned under the first key
            inner = []
            emit(v, inner, indent + 2, anchors)
            first = inner[0][indent + 2:]
            out.append(f"{head} {first}")
            out.extend(inner[1:])
        else:
            out.append(f"{head}{tag}\n")
            emit(v, out, indent + 2, anchors)
    elif isinstance(v, list) and v:
        out.append(f"{head}{tag}\n")
        emit(v, out, indent if not in_list else indent + 2, anchors)
    elif isinstance(v, dict):
        out.append(f"{head}{tag} {{}}\n")
    elif isinstance(v, list):
        out.append(f"{head}{tag} []\n")
    elif isinstance(v, str) and "\n" in v:
        body = "".join(f"{' ' * (indent + 2)}{line}\n" for line in v.rstrip("\n").split("\n"))
        out.append(f"{head}{tag} |\n{body}")
    else:
        out.append(f"{head}{tag} {scalar(v)}\n")


def yaml_text(docs, header=None):
    out = []
    if header:
        out.append(header)
    for i, doc in enumerate(docs):
        if i > 0 or header:
            out.append("---\n")
        emit(doc, out)
    return "".join(out)


# ---------------------------------------------------------------- workloads

def container(rng, name, with_comment):
    img = image(rng)
    c = {"name": name}
    r = rng.random()
    if with_comment and r < 0.04:
        c["image"] = Commented(img, f"manifestguard:ignore MG101 {words(rng, 4)}")
    elif with_comment and r < 0.15:
        c["image"] = Commented(img, words(rng, 5))
    else:
        c["image"] = img
    c["imagePullPolicy"] = rng.choice(["IfNotPresent", "Always"])
    if rng.random() < 0.7:
        c["ports"] = [{"name": f"p{i}", "containerPort": rng.choice([80, 443, 8080, 8443, 9090]) + i, "protocol": "TCP"}
                      for i in range(rng.randint(1, 3))]
    c["env"] = [{"name": f"{rng.choice(WORDS).upper()}_{i}", "value": words(rng, rng.randint(1, 6))}
                for i in range(rng.randint(0, 12))]
    if rng.random() < 0.3:
        c["envFrom"] = [{"configMapRef": {"name": f"{name}-config"}}]
    c["resources"] = {
        "requests": {"cpu": f"{rng.choice([50, 100, 250, 500])}m", "memory": f"{rng.choice([64, 128, 256, 512])}Mi"},
        "limits": {"cpu": f"{rng.choice([1, 2, 4])}", "memory": f"{rng.choice([256, 512, 1024])}Mi"},
    }
    if rng.random() < 0.6:
        c["readinessProbe"] = {"httpGet": {"path": "/healthz", "port": 8080}, "initialDelaySeconds": 5, "periodSeconds": 10}
        c["livenessProbe"] = {"httpGet": {"path": "/livez", "port": 8080}, "failureThreshold": 3}
    if rng.random() < 0.5:
        c["volumeMounts"] = [{"name": "data", "mountPath": "/var/lib/data"}, {"name": "config", "mountPath": "/etc/app", "readOnly": True}]
    c["securityContext"] = {"runAsNonRoot": True, "allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}}
    return c


def pod_spec(rng, app, yaml_features):
    spec = {}
    if rng.random() < 0.3:
        spec["initContainers"] = [container(rng, f"init-{i}", yaml_features) for i in range(rng.randint(1, 2))]
    containers = [container(rng, app if i == 0 else f"sidecar-{i}", yaml_features) for i in range(rng.choices([1, 2, 3, 4], [50, 30, 15, 5])[0])]
    if yaml_features and len(containers) > 1 and rng.random() < 0.4:
        # Sidecars share the main container's resources through an alias.
        containers[0]["resources"] = Anchored("resources", containers[0]["resources"])
        for c in containers[1:]:
            c["resources"] = Alias("resources")
    spec["containers"] = containers
    if rng.random() < 0.03:
        spec["ephemeralContainers"] = [container(rng, "debugger", yaml_features)]
    volumes = [{"name": "data", "emptyDir": {}}, {"name": "config", "configMap": {"name": f"{app}-config"}}]
    if rng.random() < 0.05:
        volumes.append({"name": "models", "image": {"reference": image(rng), "pullPolicy": "IfNotPresent"}})
    spec["volumes"] = volumes
    spec["serviceAccountName"] = app
    if rng.random() < 0.5:
        spec["nodeSelector"] = {"kubernetes.io/os": "linux"}
        spec["tolerations"] = [{"key": "dedicated", "operator": "Equal", "value": app, "effect": "NoSchedule"}]
    return spec


def metadata(rng, app, ns, template=False):
    meta = {"labels": {"app.kubernetes.io/name": app, "app.kubernetes.io/part-of": ns, "tier": rng.choice(["web", "api", "batch"])}}
    if not template:
        meta = {"name": app, "namespace": ns, **meta}
    annotations = {}
    if rng.random() < 0.3:
        annotations["description"] = words(rng, rng.randint(5, 30))
    if rng.random() < 0.02:
        annotations["manifestguard.io/ignore"] = "MG101,MG102"
    if template and rng.random() < 0.01:
        annotations["alpha.image-policy.k8s.io/break-glass"] = "true"
    if annotations:
        meta["annotations"] = annotations
    return meta


def workload(rng, app, ns, yaml_features, kind_index=None):
    i = kind_index if kind_index is not None else rng.choices(range(len(KINDS)), KIND_WEIGHTS)[0]
    api, kind, path = KINDS[i]
    template = {"metadata": metadata(rng, app, ns, template=True), "spec": pod_spec(rng, app, yaml_features)}
    doc = {"apiVersion": api, "kind": kind, "metadata": metadata(rng, app, ns)}
    if yaml_features and rng.random() < 0.3:
        doc = {f"# {words(rng, 8)}": None, **doc}
    if not path:
        doc["spec"] = template["spec"]
        doc["metadata"].setdefault("labels", {}).update(template["metadata"]["labels"])
        return doc
    inner = template
    if kind == "CronJob":
        inner = {"spec": {"backoffLimit": 2, "template": template}}
        doc["spec"] = {"schedule": f"{rng.randint(0, 59)} {rng.randint(0, 23)} * * *", "concurrencyPolicy": "Forbid", "jobTemplate": inner}
        return doc
    spec = {}
    if kind in ("Deployment", "StatefulSet", "ReplicaSet", "Rollout", "DaemonSet"):
        spec["selector"] = {"matchLabels": {"app.kubernetes.io/name": app}}
    if kind in ("Deployment", "StatefulSet", "ReplicaSet", "Rollout", "ReplicationController", "DeploymentConfig"):
        spec["replicas"] = rng.randint(1, 6)
    if kind == "Rollout":
        spec["strategy"] = {"canary": {"steps": [{"setWeight": w} if w else {"pause": {"duration": "10m"}} for w in (20, 0, 50, 0, 80)]}}
    if kind == "StatefulSet":
        spec["serviceName"] = app
        spec["volumeClaimTemplates"] = [{"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}}]
    if kind == "DeploymentConfig":
        spec["triggers"] = [{"type": "ConfigChange"}]
    spec["template"] = template
    doc["spec"] = spec
    return doc


def companions(rng, app, ns):
    return [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": app, "namespace": ns}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": app, "namespace": ns},
         "spec": {"selector": {"app.kubernetes.io/name": app}, "ports": [{"port": 80, "targetPort": 8080}]}},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"{app}-config", "namespace": ns},
         "data": {f"{rng.choice(WORDS)}.properties": "\n".join(f"{rng.choice(WORDS)}.{j}={words(rng, 3)}" for j in range(rng.randint(3, 40)))}},
        {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": app, "namespace": ns},
         "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app.kubernetes.io/name": app}}}},
        {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": app, "namespace": ns},
         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": app}, "minReplicas": 2, "maxReplicas": 10}},
    ]


# ---------------------------------------------------------------- CRDs

def schema(rng, depth, budget):
    """An OpenAPI v3 schema in the style of controller-gen: long descriptions, nested objects."""
    node = {"description": words(rng, rng.randint(10, 60)), "type": "object"}
    props = {}
    for i in range(rng.randint(3, 9)):
        if budget[0] <= 0:
            break
        budget[0] -= 1
        name = f"{rng.choice(WORDS)}{rng.choice(WORDS).capitalize()}{i}"
        r = rng.random()
        if depth > 0 and r < 0.35:
            props[name] = schema(rng, depth - 1, budget)
        elif depth > 0 and r < 0.5:
            props[name] = {"description": words(rng, rng.randint(10, 40)), "type": "array", "items": schema(rng, depth - 1, budget)}
        elif r < 0.7:
            props[name] = {"description": words(rng, rng.randint(5, 50)), "type": "string",
                           **({"enum": [rng.choice(WORDS).capitalize() for _ in range(rng.randint(2, 5))]} if rng.random() < 0.2 else {})}
        elif r < 0.85:
            props[name] = {"description": words(rng, rng.randint(5, 30)), "type": "integer", "format": "int32", "minimum": 0}
        else:
            props[name] = {"description": words(rng, rng.randint(5, 30)), "type": "boolean"}
    node["properties"] = props
    if props and rng.random() < 0.4:
        node["required"] = sorted(rng.sample(list(props), min(2, len(props))))
    return node


def crd(rng, i, target_bytes):
    group = f"{rng.choice(WORDS)}{i}.example.com"
    plural = f"{rng.choice(WORDS)}widgets{i}"
    versions = []
    served = ("v1alpha1", "v1beta1", "v1")[: rng.randint(1, 3)]
    for v in served:
        # About 300 bytes per schema property in this style, descriptions included.
        budget = [max(50, target_bytes // 300 // len(served))]
        versions.append({
            "name": v, "served": True, "storage": v == "v1" or len(versions) == 0,
            "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                "apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"},
                "spec": schema(rng, 6, budget), "status": schema(rng, 3, [budget[0] // 4 + 20]),
            }}},
            "subresources": {"status": {}},
        })
    return {
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{plural}.{group}", "annotations": {"controller-gen.kubebuilder.io/version": "v0.16.1"}},
        "spec": {"group": group, "names": {"kind": f"Widget{i}", "listKind": f"Widget{i}List", "plural": plural, "singular": f"widget{i}"},
                 "scope": "Namespaced", "versions": versions},
    }


# ---------------------------------------------------------------- files

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return len(text.encode("utf-8"))


def to_json(doc):
    return json.dumps(strip(doc), indent=2) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out", "corpus"))
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every file count (0.1 for a quick corpus)")
    args = parser.parse_args()

    out = os.path.abspath(args.out)
    if os.path.exists(out):
        shutil.rmtree(out)
    rng = random.Random(args.seed)
    n = lambda count: max(1, int(count * args.scale))
    files = total = 0

    def put(rel, text):
        nonlocal files, total
        files += 1
        total += write(os.path.join(out, rel), text)

    namespaces = [f"{rng.choice(WORDS)}-{i}" for i in range(60)]

    for i in range(n(150)):
        doc = crd(rng, i, rng.choice([100_000, 200_000, 350_000, 600_000]))
        put(f"crds/{doc['spec']['group']}.yaml", yaml_text([doc], header=f"# Generated by controller-gen. DO NOT EDIT.\n"))

    for i in range(n(6900)):
        ns = namespaces[i % len(namespaces)]
        app = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{i}"
        as_json = rng.random() < 0.15
        doc = workload(rng, app, ns, yaml_features=not as_json, kind_index=i % len(KINDS) if i < 2 * len(KINDS) else None)
        if as_json:
            put(f"apps/{ns}/{app}.json", to_json(doc))
        else:
            put(f"apps/{ns}/{app}/{doc['kind'].lower()}.{rng.choice(['yaml', 'yaml', 'yml'])}", yaml_text([doc]))

    for i in range(n(1900)):
        ns = namespaces[i % len(namespaces)]
        app = f"{rng.choice(WORDS)}-{i}"
        docs = [workload(rng, app, ns, yaml_features=True) for _ in range(rng.choices([1, 2, 3], [70, 20, 10])[0])]
        docs += rng.sample(companions(rng, app, ns), rng.randint(1, 5))
        rng.shuffle(docs)
        put(f"releases/{ns}/{app}.yaml", yaml_text(docs, header=f"# Source: {app}/templates/all.yaml\n" if rng.random() < 0.5 else None))

    for i in range(n(300)):
        ns = namespaces[i % len(namespaces)]
        items = [workload(rng, f"listed-{i}-{j}", ns, yaml_features=False) for j in range(rng.randint(2, 8))]
        items += companions(rng, f"listed-{i}", ns)[: rng.randint(0, 3)]
        doc = {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items}
        if i % 3 == 0:
            put(f"lists/{ns}/export-{i}.json", to_json(doc))
        else:
            put(f"lists/{ns}/export-{i}.yaml", yaml_text([doc]))

    for i in range(n(12)):
        text = yaml_text([workload(rng, f"broken-{i}", "broken", yaml_features=True)])
        cut = rng.randint(len(text) // 3, len(text) - 1)
        put(f"broken/broken-{i}.yaml", text[:cut] + "\n  - [unclosed: {\n" + text[cut:])

    print(f"{files} files, {total / 1e6:.1f} MB in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
