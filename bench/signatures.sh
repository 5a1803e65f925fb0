#!/usr/bin/env bash
# Registry-bound benchmarks, each against a figure measured in the same run:
#   (a) `check --online` verifying 200 GPG-signed images (policy.json signedBy, signatures at a file://
#       lookaside, made with `skopeo standalone-sign`) on a local docker-registry, against a loop of
#       `skopeo copy --policy P --registries.d D docker://...@digest dir:...` over the same images
#   (b) `pin --dry-run` of 500 tags through bench/latency-proxy.py, which adds 40 ms of round-trip time
#       between the client and the registry: with the earlier bound of 4 requests at a time per
#       registry (`registries.maxConcurrency: 4`), with the default, and with other bounds for comparison
# Writes its section of bench/RESULTS.md ("Registry: signatures and pinning over latency"), replacing an
# earlier one and keeping the other sections. Uses docker-registry, skopeo, gpg, curl, hyperfine, python3.
# Environment: MANIFESTGUARD (the binary to measure; default bench/out/aot/manifestguard, published when missing),
# RUNS (default 3), SIGNED (default 200), PIN_TAGS (default 500), RTT_MS (default 40), BOUNDS (the bounds
# compared in (b), default "4 8 16 32"), KEY_ALGORITHMS (the signing keys compared in (a), default
# "rsa3072 ed25519").
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
runs=${RUNS:-3}
signed=${SIGNED:-200}
pin_tags=${PIN_TAGS:-500}
rtt=${RTT_MS:-40}
bounds=${BOUNDS:-4 8 16 32}
key_algorithms=${KEY_ALGORITHMS:-rsa3072 ed25519}
for tool in docker-registry skopeo gpg curl hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "bench/signatures.sh needs $tool on PATH" >&2; exit 2; }
done
# The Native AOT binary, as users of the release run it (published here when missing, as bench/run.sh does).
bin=${MANIFESTGUARD:-$repo/bench/out/aot/manifestguard}
if [ ! -x "$bin" ]; then
  dotnet publish src/ManifestGuard.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$(dirname "$bin")" --nologo -v quiet
fi
default_bound=$(sed -n 's/.*const int DefaultMaxConcurrencyPerRegistry = \([0-9]*\);.*/\1/p' \
  src/ManifestGuard/Registry/RegistryClientOptions.cs)

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

port=$(free_port)
registry=127.0.0.1:$port
printf 'version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: %s/storage}}\nhttp: {addr: %s}\n' \
  "$work" "$registry" > "$work/registry.yml"
docker-registry serve "$work/registry.yml" >/dev/null 2>&1 &
pids+=($!)
until curl -sf "http://$registry/v2/" >/dev/null; do sleep 0.1; done

push_blob() { # repository file → digest
  local digest location sep
  digest="sha256:$(sha256sum "$2" | cut -d' ' -f1)"
  location=$(curl -sf -D - -o /dev/null -X POST "http://$registry/v2/$1/blobs/uploads/" \
    | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
  case "$location" in http*) ;; *) location="http://$registry$location" ;; esac
  case "$location" in *\?*) sep='&' ;; *) sep='?' ;; esac
  curl -sf -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$2" "$location${sep}digest=$digest" >/dev/null
  echo "$digest"
}
# push_images REPOSITORY COUNT: COUNT distinct manifests tagged v1..vCOUNT (one layer, one config, an
# annotation that makes each differ); each manifest is kept as $work/REPOSITORY/vN.json.
printf 'bench layer\n' | gzip -n > "$work/layer.tar.gz"
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$(gunzip -c "$work/layer.tar.gz" | sha256sum | cut -d' ' -f1)" > "$work/config.json"
push_images() {
  local layer config
  layer=$(push_blob "$1" "$work/layer.tar.gz")
  config=$(push_blob "$1" "$work/config.json")
  mkdir -p "$work/$1"
  for i in $(seq 1 "$2"); do
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%d}],"annotations":{"bench":"%d"}}' \
      "$config" "$(stat -c %s "$work/config.json")" "$layer" "$(stat -c %s "$work/layer.tar.gz")" "$i" > "$work/$1/v$i.json"
    curl -sf -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
      --data-binary "@$work/$1/v$i.json" "http://$registry/v2/$1/manifests/v$i" >/dev/null
  done
}
median() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"; }

echo "== (a) check --online of $signed signed images vs a skopeo copy --policy loop ($key_algorithms)"
push_images bench/signed "$signed"
export GNUPGHOME=$work/gnupg
mkdir -m 700 "$GNUPGHOME"
# verify_with ALGORITHM: signs every image with a new key of that algorithm into its own lookaside, then
# times `check --online` and the skopeo loop under a policy trusting that key; appends a table row.
signature_rows=""
verify_with() {
  local algorithm=$1 fingerprint check=$work/check-$1 hex i
  gpg --batch --passphrase '' --quick-gen-key "Bench $algorithm <$algorithm@example.com>" "$algorithm" default never 2>/dev/null
  fingerprint=$(gpg --batch --with-colons --list-keys "$algorithm@example.com" | awk -F: '$1 == "fpr" { print $10; exit }')
  mkdir -p "$check/cluster/registries.d" "$check/app"
  gpg --batch --armor --export "$fingerprint" > "$check/key.asc"
  printf '{"default": [{"type": "insecureAcceptAnything"}], "transports": {"docker": {"%s/bench": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "%s"}]}}}\n' \
    "$registry" "$check/key.asc" > "$check/cluster/policy.json"
  printf 'default-docker:\n  lookaside: file://%s/lookaside\n' "$check" > "$check/cluster/registries.d/lookaside.yaml"
  printf 'policyFiles: [cluster/policy.json, cluster/registries.d]\n' > "$check/.manifestguard.yaml"
  : > "$check/refs.txt"
  for i in $(seq 1 "$signed"); do
    hex=$(sha256sum "$work/bench/signed/v$i.json" | cut -d' ' -f1)
    mkdir -p "$check/lookaside/bench/signed@sha256=$hex"
    skopeo standalone-sign "$work/bench/signed/v$i.json" "$registry/bench/signed:v$i" "$fingerprint" \
      --output "$check/lookaside/bench/signed@sha256=$hex/signature-1"
    printf -- '---\napiVersion: v1\nkind: Pod\nmetadata: {name: p%d}\nspec:\n  containers:\n    - name: app\n      image: %s/bench/signed:v%d@sha256:%s\n' \
      "$i" "$registry" "$i" "$hex" >> "$check/app/pods.yaml"
    echo "docker://$registry/bench/signed@sha256:$hex" >> "$check/refs.txt"
  done
  # Both sides must admit every image: a verifier that fails fast would win a race it should lose.
  "$bin" check "$check" --online --format json --fail-on note > "$check/check.json" \
    || { echo "check --online did not verify every image:" >&2; head -c 2000 "$check/check.json" >&2; exit 1; }
  # The loop as a script of its own, so hyperfine runs it as it is; it fails when skopeo refuses one.
  cat > "$check/copy-loop.sh" <<LOOP
#!/usr/bin/env bash
set -euo pipefail
n=0
while read -r ref; do
  n=\$((n + 1))
  skopeo copy --quiet --src-tls-verify=false --policy "$check/cluster/policy.json" \\
    --registries.d "$check/cluster/registries.d" "\$ref" "dir:$check/copy-\$n"
  rm -rf "$check/copy-\$n"
done < "$check/refs.txt"
LOOP
  chmod +x "$check/copy-loop.sh"
  hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$check/check-bench.json" \
    -n check "$bin check $check --online --fail-on note" >/dev/null
  hyperfine --style basic --runs 1 --export-json "$check/skopeo-bench.json" -n skopeo "$check/copy-loop.sh" >/dev/null
  local check_time skopeo_time
  check_time=$(median "$check/check-bench.json")
  skopeo_time=$(median "$check/skopeo-bench.json")
  signature_rows+="| $algorithm | $(printf '%.2f' "$check_time") s | $(printf '%.2f' "$skopeo_time") s | $(ratio "$skopeo_time" "$check_time") |"$'\n'
}
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.1f}x')" "$1" "$2"; }
for algorithm in $key_algorithms; do
  verify_with "$algorithm"
done

echo "== (b) pin of $pin_tags tags through a proxy adding ${rtt} ms round-trip time"
push_images bench/app "$pin_tags"
proxy_port=$(free_port)
python3 bench/latency-proxy.py "$proxy_port" "$registry" "$rtt" > "$work/proxy.log" 2>&1 &
pids+=($!)
until grep -q ready "$work/proxy.log"; do sleep 0.1; done
pin=$work/pin
mkdir -p "$pin"
for i in $(seq 1 "$pin_tags"); do
  printf -- '---\napiVersion: v1\nkind: Pod\nmetadata: {name: p%d}\nspec:\n  containers:\n    - name: app\n      image: 127.0.0.1:%s/bench/app:v%d\n' \
    "$i" "$proxy_port" "$i" >> "$pin/pods.yaml"
done
# One request through the proxy, to state the round trip it really adds.
probe=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$proxy_port/v2/")
pin_rows=""
for bound in $bounds; do
  printf 'registries:\n  maxConcurrency: %d\n' "$bound" > "$pin/.manifestguard.yaml"
  "$bin" pin --dry-run --diff --config "$pin/.manifestguard.yaml" "$pin/pods.yaml" | grep -c '^+.*@sha256:' \
    | grep -qx "$pin_tags" || { echo "pin did not resolve every tag (bound $bound)" >&2; exit 1; }
  hyperfine --style basic --runs "$runs" --export-json "$work/pin-$bound.json" \
    -n "pin-$bound" "$bin pin --dry-run --config $pin/.manifestguard.yaml $pin/pods.yaml" >/dev/null
  t=$(median "$work/pin-$bound.json")
  label="$bound"
  [ "$bound" = 4 ] && label="4 (before: the earlier fixed bound)"
  [ "$bound" = "$default_bound" ] && label="$bound (after: the default now)"
  pin_rows+="| $label | $(printf '%.2f' "$t") s |"$'\n'
done

section=$(cat <<TABLE
## Registry: signatures and pinning over latency

Written by \`bench/signatures.sh\` on $(date -u '+%Y-%m-%d %H:%M') UTC with the Native AOT binary (unless MANIFESTGUARD
named another); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other builds share the machine:
the ratios come from the same run).

**Signature verification**: $signed images on a local docker-registry, signed with GPG (\`skopeo standalone-sign\`,
file:// lookaside), under policy.json \`signedBy\` with registries.d; \`check --online\` (median of $runs runs) against
a loop of \`skopeo copy --policy P --registries.d D docker://…@digest dir:…\`, one per image (one run); every image
admitted by both sides. One row per key algorithm (rsa3072 is gpg's default):

| key | \`check --online\` | skopeo loop | skopeo / check |
|---|---|---|---|
${signature_rows}
Each RSA key is built once per run: the OpenPGP library tests an RSA modulus for primality (Miller-Rabin,
tens of ms for 3072 bits) whenever it builds the key, and building it per signature made rsa3072 8x here
(64 s against 513 s, on a loaded machine) before \`Signatures/OpenPgp/RsaSigner\` kept it.

**\`pin --dry-run\` of $pin_tags tags** through \`bench/latency-proxy.py\` adding ${rtt} ms of round-trip time (one
\`GET /v2/\` through it took $(printf '%.3f' "$probe") s), by the bound on requests in flight per registry
(\`registries.maxConcurrency\`); median of $runs runs:

| requests at a time per registry | wall |
|---|---|
${pin_rows}
Connections are kept alive across requests (HTTP/1.1 here; HTTP/2 over TLS where the registry offers it),
so the bound is the number of round trips in flight: 500 tags at 4 take at least 125 round trips.
TABLE
)
results=bench/RESULTS.md
python3 - "$results" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
heading = "## Registry: signatures and pinning over latency"
start = text.find(heading)
if start >= 0:
    following = text.find("\n## ", start + len(heading))
    text = text[:start].rstrip("\n") + ("\n\n" + text[following + 1:] if following >= 0 else "\n")
# bench/action.sh replaces everything from its own heading on: stay before it.
action = text.find("\n## GitHub Action: install")
if action >= 0:
    text = text[:action].rstrip("\n") + "\n\n" + section + "\n" + text[action:]
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "$section"
