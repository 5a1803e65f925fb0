#!/usr/bin/env bash
# Runs every test. First installs what the tests use when it is missing:
#   Debian: docker-registry and skopeo (registry tests), gnupg (keys the signature tests sign with),
#           pre-commit (hook test), apache2-utils
#           (htpasswd for the registry's Basic auth), kubectl for `kubectl kustomize` (Argo CD plugin test)
#   npm:    @microsoft/sarif-multitool (Microsoft's SARIF validator), pinned in package-lock.json
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
