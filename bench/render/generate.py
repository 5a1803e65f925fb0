#!/usr/bin/env python3
"""Writes the GitOps repository that bench/render.sh checks: Kustomize overlays over shared bases and Helm
charts with deployment variants, as a git work tree with one commit.

  bases/        5 shared bases (a Deployment each, most with a Service)
  components/   a Kustomize component that adds a sidecar, used by some overlays
  overlays/     40 kustomization roots, TEAM-ENV, each over one or two bases with its own images: entries;
                some are copies of another overlay (identical renders from different roots)
  charts/       10 charts, each with values.yaml and one or two values-*.yaml variants (20 or more renders),
                a registry/repository/tag triple and, in half of them, a global image registry
  policies/     a ClusterImagePolicy (repository-wide policies apply to every render)
  out/          build outputs that .gitignore names (a check that respects .gitignore never reads them)

The same arguments always give the same bytes.

usage: generate.py OUT_DIR [--overlays N] [--charts N] [--ignored-files N]
"""

import argparse
import json
import os
import shutil
import subprocess

BASES = {
    "web": ("nginx", "1.27.1", True),
    "api": ("quay.io/acme/api", "2.4.0", True),
    "worker": ("quay.io/acme/worker", "2.4.0", False),
    "cache": ("redis", "7.4.0", True),
    "gateway": ("envoyproxy/envoy", "v1.31.0", True),
}
TEAMS = ["payments", "search", "catalog", "orders", "billing", "identity", "reports", "media", "mail", "ledger"]
ENVS = ["dev", "qa", "staging", "prod"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def base(out, name, image, tag, service):
    resources = ["deployment.yaml"] + (["service.yaml"] if service else [])
    write(f"{out}/bases/{name}/kustomization.yaml",
          "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
          + "".join(f"  - {r}\n" for r in resources))
    write(f"{out}/bases/{name}/deployment.yaml", f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app: {name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
        - name: {name}
          image: {image}:{tag}
          ports:
            - containerPort: 8080
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
""")
    if service:
        write(f"{out}/bases/{name}/service.yaml", f"""apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector:
    app: {name}
  ports:
    - port: 80
      targetPort: 8080
""")


def component(out):
    write(f"{out}/components/metrics/kustomization.yaml", """apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
patches:
  - path: sidecar.yaml
    target:
      kind: Deployment
""")
    write(f"{out}/components/metrics/sidecar.yaml", """apiVersion: apps/v1
kind: Deployment
metadata:
  name: any
spec:
  template:
    spec:
      containers:
        - name: metrics
          image: prom/statsd-exporter:v0.27.1
""")


def overlay(out, index):
    team, env = TEAMS[index // len(ENVS) % len(TEAMS)], ENVS[index % len(ENVS)]
    names = list(BASES)
    chosen = [names[index % len(names)]] + ([names[(index + 2) % len(names)]] if index % 3 == 0 else [])
    lines = ["apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", f"namespace: {team}-{env}",
             f"namePrefix: {team}-", "resources:"]
    lines += [f"  - ../../bases/{name}" for name in chosen]
    if index % 4 == 1:
        lines += ["components:", "  - ../../components/metrics"]
    lines.append("images:")
    for name in chosen:
        image, tag, _ = BASES[name]
        if env == "prod":
            digest = f"{index:02x}{name[:2].encode().hex()}" * 8
            lines += [f"  - name: {image}", f"    digest: sha256:{digest[:64]}"]
        elif env == "dev":
            lines += [f"  - name: {image}", "    newTag: latest"]
        else:
            lines += [f"  - name: {image}", f"    newName: registry.example.com/{team}/{image.split('/')[-1]}",
                      f"    newTag: {tag}-{env}"]
    lines += ["labels:", "  - pairs:", f"      team: {team}", f"      env: {env}"]
    return f"{team}-{env}", "\n".join(lines) + "\n"


def chart(out, index):
    name = f"svc-{index:02d}"
    folder = f"{out}/charts/{name}"
    write(f"{folder}/Chart.yaml", f"apiVersion: v2\nname: {name}\nversion: 0.{index}.0\nappVersion: \"1.{index}.0\"\n")
    global_registry = index % 2 == 0
    write(f"{folder}/values.yaml", f"""replicaCount: 1
global:
  imageRegistry: {"registry.example.com" if global_registry else '""'}
image:
  registry: docker.io
  repository: acme/{name}
  tag: "1.{index}.0"
  pullPolicy: IfNotPresent
sidecar:
  enabled: {"true" if index % 3 == 0 else "false"}
  image: busybox:1.36
service:
  port: 80
resources:
  requests:
    cpu: 50m
""")
    write(f"{folder}/values-prod.yaml", f"""replicaCount: 3
image:
  tag: "1.{index}.0@sha256:{(f'{index:02x}' * 32)}"
""")
    if index % 2 == 1:
        write(f"{folder}/values-staging.yaml", "image:\n  tag: latest\nsidecar:\n  enabled: true\n")
    write(f"{folder}/templates/_helpers.tpl", """{{- define "chart.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "chart.image" -}}
{{- $registry := .Values.image.registry -}}
{{- if .Values.global.imageRegistry }}{{ $registry = .Values.global.imageRegistry }}{{ end -}}
{{- printf "%s/%s:%s" $registry .Values.image.repository .Values.image.tag -}}
{{- end -}}
""")
    write(f"{folder}/templates/deployment.yaml", """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "chart.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app: {{ include "chart.fullname" . }}
  template:
    metadata:
      labels:
        app: {{ include "chart.fullname" . }}
    spec:
      containers:
        - name: app
          image: {{ include "chart.image" . | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
        {{- if .Values.sidecar.enabled }}
        - name: sidecar
          image: {{ .Values.sidecar.image }}
        {{- end }}
""")
    write(f"{folder}/templates/service.yaml", """apiVersion: v1
kind: Service
metadata:
  name: {{ include "chart.fullname" . }}
spec:
  selector:
    app: {{ include "chart.fullname" . }}
  ports:
    - port: {{ .Values.service.port }}
""")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--overlays", type=int, default=40)
    parser.add_argument("--charts", type=int, default=10)
    parser.add_argument("--ignored-files", type=int, default=2000)
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    shutil.rmtree(out, ignore_errors=True)
    for name, (image, tag, service) in BASES.items():
        base(out, name, image, tag, service)
    component(out)
    texts = {}
    for index in range(args.overlays):
        name, text = overlay(out, index)
        # Every fifth overlay is a copy of the one before: a second root with the same render.
        if index % 5 == 4 and texts:
            text = texts[max(texts)]
        texts[index] = text
        write(f"{out}/overlays/{name}-{index:02d}/kustomization.yaml", text)
    for index in range(args.charts):
        chart(out, index)
    # A public key (the policy's verdict on tags does not depend on which): images of quay.io/acme must be pinned.
    key = ("LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0KTUZrd0V3WUhLb1pJemowQ0FRWUlLb1pJemowREFRY0RRZ0FFUlJ1c1laZWpD"
           "dGlmZWdNY3NTa3NJeEl5NkpFVgprMzdSZ2hUeElJZ1hFNm1iUlNKZUI5bGdRUlpVWThNb0VIVUtYOHZYSWpZRXRQcC9KOFZj"
           "TGR6SVNRPT0KLS0tLS1FTkQgUFVCTElDIEtFWS0tLS0tCg==")
    policy = {
        "apiVersion": "config.openshift.io/v1",
        "kind": "ClusterImagePolicy",
        "metadata": {"name": "bench-signed"},
        "spec": {"scopes": ["quay.io/acme"],
                 "policy": {"rootOfTrust": {"policyType": "PublicKey", "publicKey": {"keyData": key}}}},
    }
    write(f"{out}/policies/cluster-image-policy.json", json.dumps(policy, indent=2) + "\n")
    write(f"{out}/.gitignore", "/out/\n")
    for index in range(args.ignored_files):
        write(f"{out}/out/build-{index // 100:02d}/artifact-{index:04d}.json",
              '{"kind": "List", "items": [' + ",".join(f'{{"name": "a{i}"}}' for i in range(20)) + "]}\n")
    git = ["git", "-C", out, "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "render benchmark repository"], check=True)


if __name__ == "__main__":
    main()
