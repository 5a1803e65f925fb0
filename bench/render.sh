#!/usr/bin/env bash
# Rendering benchmark (issue 11): a generated GitOps repository with 40 Kustomize overlays over shared bases
# and 10 Helm charts with values-*.yaml variants (bench/render/generate.py), measured three ways:
#   (a) `check` of the whole repository against running the same renders alone: `kubectl kustomize` of each
#       kustomization root and `helm template` of each chart variant, in parallel on the same cores
#       (xargs -P nproc), each distinct render once. Target: at most 1.2x.
#   (b) `check` of one staged file of that repository, as the pre-commit hook runs it
#   (c) start-up: `check` of one small manifest outside any work tree, from a current folder that holds
#       the corpus of bench/run.sh (a check that searched the current folder would walk it)
# (b) and (c) compare this build with BEFORE_BIN (the AOT binary of an earlier commit, built outside the
# tree) when it is set. Writes its own "## Rendering" section into bench/RESULTS.md, replacing an earlier
# one; the other sections stay. Environment: RUNS (default 10), STARTUP_RUNS (default 30), BEFORE_BIN,
# BEFORE_LABEL, HELM (default: helm on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

# What it uses, from Debian when missing: clang and zlib1g-dev (Native AOT), hyperfine, kubectl.
need=()
for tool in clang:clang hyperfine:hyperfine kubectl:kubernetes-client; do
  command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
done
[ -f /usr/include/zlib.h ] || need+=(zlib1g-dev)
if [ ${#need[@]} -gt 0 ]; then
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
helm=${HELM:-$(command -v helm || true)}
[ -n "$helm" ] || { echo "helm is not on PATH (scripts/test.sh installs one; set HELM to its path)" >&2; exit 2; }
kubectl=$(command -v kubectl)

RUNS=${RUNS:-10}
STARTUP_RUNS=${STARTUP_RUNS:-30}
out=bench/out
inputs=${BENCH_INPUTS:-${TMPDIR:-/tmp}/manifestguard-bench}
repo=$inputs/render-repo
mkdir -p "$out" "$inputs"

echo "== build"
dotnet publish src/ManifestGuard.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" --nologo -v quiet
aot=$PWD/$out/aot/manifestguard

echo "== repository"
python3 bench/render/generate.py "$repo"
overlays=$(find "$repo/overlays" -name kustomization.yaml | wc -l)
charts=$(find "$repo/charts" -name Chart.yaml | wc -l)

# The renders a user would run for this repository: one per kustomization root, one per chart variant
# (values.yaml alone, and with each values-*.yaml), as `check` finds them.
renders=$out/render-commands.txt
: > "$renders"
for root in $(find "$repo/overlays" -name kustomization.yaml -printf '%h\n' | LC_ALL=C sort); do
  echo "$kubectl kustomize $root" >> "$renders"
done
for chart in $(find "$repo/charts" -name Chart.yaml -printf '%h\n' | LC_ALL=C sort); do
  echo "$helm template bench $chart" >> "$renders"
  for variant in "$chart"/values-*.yaml; do
    echo "$helm template bench $chart --values $variant" >> "$renders"
  done
done
render_count=$(wc -l < "$renders")
# Each command's output must be a render: a failing reference would make the ratio meaningless.
xargs -d '\n' -P "$(nproc)" -I{} sh -c '{} > /dev/null' < "$renders"

# JSON of the runs → median wall seconds (hyperfine's, and the interleaved pairs' of (a)); median CPU seconds of (a)
median() { python3 -c 'import json, statistics, sys; print(statistics.median(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["times"]))' "$1" "$2"; }
# The median over the pairs of (a) of check's time divided by the renders' time ("times" or "cpu").
pair_ratio() { python3 -c 'import json, statistics, sys; r = json.load(open(sys.argv[1]))["results"]; print(f"{statistics.median(c / a for c, a in zip(r[0][sys.argv[2]], r[1][sys.argv[2]])):.2f}x")' "$1" "$2"; }
median_cpu() { python3 -c 'import json, statistics, sys; print(statistics.median(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["cpu"]))' "$1" "$2"; }

# How many helm processes `check` starts, and how many of them are marked renders (values from a temporary
# folder): counted once through a wrapper that logs each call before running the real helm.
wrapper=$PWD/$out/helm-counting
mkdir -p "$wrapper"
printf '#!/bin/sh\necho "$*" >> %s/calls\nexec %s "$@"\n' "$wrapper" "$helm" > "$wrapper/helm"
chmod +x "$wrapper/helm"
rm -f "$wrapper/calls"
(cd "$repo" && PATH="$wrapper:$PATH" "$aot" check . > /dev/null || true)
helm_calls=$(wc -l < "$wrapper/calls")
marked_calls=$(grep -c manifestguard-helm- "$wrapper/calls" || true)
chart_variants=$(grep -c " template " "$renders" || true)

echo "== (a) check of the repository vs the renders alone ($render_count renders, $(nproc) in parallel)"
# Interleaved pairs (one `check`, one run of the renders alone, the order alternating from pair to pair) after
# one warm-up pair, so that a change of the machine's load reaches both sides alike; each run's wall time and CPU
# time (user+sys of it and its children). `check` exits 1 on findings (the repository has some on purpose).
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$out/render.json" "$RUNS" "cd $repo && $aot check . > /dev/null" \
  "xargs -d '\n' -P $(nproc) -I{} sh -c '{} > /dev/null' < $renders" <<'PY'
import json, resource, subprocess, sys, time
path, runs, commands = sys.argv[1], int(sys.argv[2]), sys.argv[3:5]
def measure(command):
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(command, shell=True, check=False)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
results = [{"times": [], "cpu": []} for _ in commands]
for pair in range(runs + 1):
    for which in ([0, 1] if pair % 2 == 0 else [1, 0]):
        wall, cpu = measure(commands[which])
        if pair > 0:
            results[which]["times"].append(wall)
            results[which]["cpu"].append(cpu)
            print(f"pair {pair} {['check', 'renders'][which]}: {wall:.2f} s wall, {cpu:.2f} s CPU", flush=True)
json.dump({"results": results}, open(path, "w"))
PY
check_time=$(median "$out/render.json" 0)
renders_time=$(median "$out/render.json" 1)
check_cpu=$(median_cpu "$out/render.json" 0)
renders_cpu=$(median_cpu "$out/render.json" 1)

echo "== (b) check of one staged file (pre-commit)"
staged=overlays/$(ls "$repo/overlays" | sed -n 3p)/kustomization.yaml
printf '# reviewed\n' >> "$repo/$staged"
git -C "$repo" add "$staged"
commands=(-n "this build" "$aot check $staged")
[ -n "${BEFORE_BIN:-}" ] && commands+=(-n "before" "$BEFORE_BIN check $staged")
(cd "$repo" && hyperfine -N -i -w 1 -r "$RUNS" --export-json "$OLDPWD/$out/staged.json" "${commands[@]}")
staged_new=$(median "$out/staged.json" 0)
staged_old=$([ -n "${BEFORE_BIN:-}" ] && median "$out/staged.json" 1 || true)

echo "== (c) start-up: check of one file outside git, from a folder holding the corpus"
small=$inputs/small/deployment.yaml
mkdir -p "$(dirname "$small")"
printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n' > "$small"
[ -d "$inputs/corpus" ] || echo "note: $inputs/corpus is missing (bench/run.sh writes it); the current folder is then small"
commands=(-n "this build" "$aot check small/deployment.yaml")
[ -n "${BEFORE_BIN:-}" ] && commands+=(-n "before" "$BEFORE_BIN check small/deployment.yaml")
(cd "$inputs" && hyperfine -N -i -w 3 -r "$STARTUP_RUNS" --export-json "$OLDPWD/$out/render-startup.json" "${commands[@]}")
start_new=$(median "$out/render-startup.json" 0)
start_old=$([ -n "${BEFORE_BIN:-}" ] && median "$out/render-startup.json" 1 || true)

ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}x')" "$1" "$2"; }
ms() { python3 -c "import sys; print(f'{float(sys.argv[1]) * 1000:.1f} ms')" "$1"; }
before_label=${BEFORE_LABEL:-the build before}
section=$(
  echo "## Rendering: a repository of $overlays overlays and $charts charts"
  echo
  echo "Written by \`bench/render.sh\` on $(date -u '+%Y-%m-%d %H:%M') UTC ($(nproc) cores; load average before (a):"
  echo "$load_before, at the end: $(cut -d' ' -f1-3 /proc/loadavg))."
  echo "The repository is \`bench/render/generate.py\`'s: $overlays kustomization roots over 5 shared bases and a"
  echo "component (every fifth a copy of another), $charts charts with values.yaml and"
  echo "values-prod.yaml (half also values-staging.yaml), a ClusterImagePolicy, and 2,000 git-ignored build outputs."
  echo "Renderers: $("$kubectl" version --client 2>/dev/null | head -1), helm $("$helm" version --short 2>/dev/null)."
  echo
  echo "| measurement | median | compared with | ratio | target |"
  echo "|---|---|---|---|---|"
  echo "| (a) \`check\` of the repository (AOT), wall | $(ms "$check_time") | the $render_count renders alone, $(nproc) in parallel: $(ms "$renders_time") | $(ratio "$check_time" "$renders_time") | ≤ 1.2x |"
  echo "| (a) the same, CPU time (user+sys, median) | $(ms "$check_cpu") | the renders alone: $(ms "$renders_cpu") | $(ratio "$check_cpu" "$renders_cpu") | |"
  echo "| (a) per interleaved pair, median of the ratios | | | wall $(pair_ratio "$out/render.json" times), CPU $(pair_ratio "$out/render.json" cpu) | |"
  if [ -n "${BEFORE_BIN:-}" ]; then
    echo "| (b) \`check\` of one staged file (\`$staged\`) | $(ms "$staged_new") | $before_label: $(ms "$staged_old") | $(ratio "$staged_new" "$staged_old") | |"
    echo "| (c) start-up: \`check\` of one file outside git | $(ms "$start_new") | $before_label: $(ms "$start_old") | $(ratio "$start_new" "$start_old") | |"
  else
    echo "| (b) \`check\` of one staged file (\`$staged\`) | $(ms "$staged_new") | | | |"
    echo "| (c) start-up: \`check\` of one file outside git | $(ms "$start_new") | | | |"
  fi
  echo
  echo "\`check\` renders each kustomization root once with build metadata and each chart variant once, plus marked"
  echo "renders (values strings replaced by markers, to find the values line that set each image): one \`helm template\`"
  echo "per chart for all distinct marked values texts of its variants (the chart as an alias per text), one more for"
  echo "a variant whose batched render does not line up with its own, none for a variant whose images hold no values"
  echo "string: here $helm_calls helm processes for $chart_variants chart variants, $marked_calls of them marked renders. The"
  echo "renders alone are one \`kubectl kustomize\` per root and one \`helm template\` per variant. Runs: (a) $RUNS"
  echo "interleaved pairs after 1 warm-up pair, (b) $RUNS after 1 warm-up, (c) $STARTUP_RUNS after 3; (c) runs from the inputs folder of"
  echo "bench/run.sh (\`\${TMPDIR:-/tmp}/manifestguard-bench\`, holding its corpus): a \`check\` that searched its"
  echo "current folder would walk it. With other processes on the"
  echo "machine, wall times stretch with the load; the CPU times of (a) stretch far less."
)
results=bench/RESULTS.md
python3 - "$results" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
try:
    text = open(path, encoding="utf-8").read()
except FileNotFoundError:
    text = ""
# An earlier "## Rendering" section (up to the next "## " heading) is replaced where it stands; else this one
# goes before the other scripts' sections (bench/action.sh rewrites everything from its own heading on).
parts = re.split(r"(?m)^(?=## )", text)
section += "\n\n"
at = next((i for i, p in enumerate(parts) if p.startswith("## Rendering:")), None)
if at is not None:
    parts[at] = section
else:
    at = next((i for i, p in enumerate(parts) if p.startswith("## ")), len(parts))
    if at > 0 and not parts[at - 1].endswith("\n\n"):
        parts[at - 1] = parts[at - 1].rstrip("\n") + "\n\n"
    parts.insert(at, section)
open(path, "w", encoding="utf-8").write("".join(parts).rstrip("\n") + "\n")
PY
echo "$section"
