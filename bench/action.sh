#!/usr/bin/env bash
# The GitHub Action's own time for a job: its install steps plus one `check` of examples/, run as
# action.yml runs them (integrations/github-action/install.sh resolve, install.sh, run.sh), in three
# ways measured in the same run:
#   warm cache   the binary is in the runner's tool cache (what actions/cache restores): no download
#   download     an empty cache: the release archive is fetched (here from a local file:// folder, so
#                the figure leaves out the network) and checked against SHA256SUMS
#   from source  build-from-source: true, `dotnet pack` of the Action's checkout (the NuGet package
#                cache of this machine is warm; a fresh runner also downloads the packages)
# Writes the table into the "GitHub Action" section of bench/RESULTS.md (replacing an earlier one;
# bench/run.sh rewrites the file, so run this after it). Environment: RUNS (default 5), SOURCE_RUNS
# (default 2); MANIFESTGUARD_RELEASE_ARTIFACTS, a folder of scripts/build-release.sh output to use.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
source_runs=${SOURCE_RUNS:-2}
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
artifacts=${MANIFESTGUARD_RELEASE_ARTIFACTS:-artifacts/release/$version}
[ -f "$artifacts/SHA256SUMS" ] || OUT="$artifacts" scripts/build-release.sh "$version"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/releases/v$version"
cp "$artifacts"/* "$work/releases/v$version/"
release_url="file://$work/releases"
action=$PWD/integrations/github-action

# One job on the runner folder $1; extra inputs as NAME=VALUE arguments. Prints the wall time in seconds.
job() {
  local runner=$1
  shift
  mkdir -p "$runner/tool-cache" "$runner/temp"
  : > "$runner/output"
  : > "$runner/path"
  local start end
  start=$(date +%s.%N)
  (
    export GITHUB_ACTION_PATH=$PWD GITHUB_WORKSPACE=$PWD RUNNER_TOOL_CACHE=$runner/tool-cache RUNNER_TEMP=$runner/temp
    export GITHUB_OUTPUT=$runner/output GITHUB_PATH=$runner/path GITHUB_STEP_SUMMARY=$runner/summary.md
    export INPUT_RELEASE_URL=$release_url "$@"
    bash "$action/install.sh" resolve
    INSTALL_DIR=$(sed -n 's/^dir=//p' "$runner/output") bash "$action/install.sh"
    PATH="$(cat "$runner/path"):$PATH" INPUT_PATHS=examples INPUT_FAIL_ON=none \
      INPUT_SARIF_FILE="$runner/manifestguard.sarif" bash "$action/run.sh"
  ) > "$runner/log" 2>&1 || { cat "$runner/log" >&2; exit 1; }
  end=$(date +%s.%N)
  grep -q '^findings=[1-9]' "$runner/output" || { echo "the job reported no findings on examples/" >&2; exit 1; }
  echo "$end - $start" | bc
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

warm_runner=$work/warm
job "$warm_runner" >/dev/null # fills the tool cache, as the first job of a repository does
warm=$(for _ in $(seq "$runs"); do job "$warm_runner"; done | median)
download=$(for i in $(seq "$runs"); do job "$work/download-$i"; done | median)
from_source=$(for i in $(seq "$source_runs"); do job "$work/source-$i" INPUT_BUILD_FROM_SOURCE=true; done | median)

ratio() { echo "scale=1; $1 / $2" | bc; }
section=$(cat <<TABLE
## GitHub Action: install and \`check\` of examples/

Written by \`bench/action.sh\` on $(date -u '+%Y-%m-%d %H:%M') UTC; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)
(other builds share the machine: compare the ratios, which come from the same run, more than the times).

| job | median wall | runs | ratio to warm cache |
|---|---|---|---|
| warm cache: the release binary restored, no download | $(printf '%.2f' "$warm") s | $runs | 1x |
| download: release archive from a local folder, SHA256SUMS checked | $(printf '%.2f' "$download") s | $runs | $(ratio "$download" "$warm")x |
| build from source (\`build-from-source: true\`), NuGet cache warm | $(printf '%.2f' "$from_source") s | $source_runs | $(ratio "$from_source" "$warm")x |
TABLE
)
results=bench/RESULTS.md
if grep -q '^## GitHub Action: install' "$results"; then
  # Only this section goes: from its heading to the next one (other scripts' sections stay).
  awk '/^## GitHub Action: install/ { skip = 1; next } /^## / { skip = 0 } !skip' "$results" > "$results.new"
  mv "$results.new" "$results"
fi
printf '\n%s\n' "$section" >> "$results"
echo "$section"
