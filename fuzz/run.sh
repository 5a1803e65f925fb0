#!/usr/bin/env bash
# Fuzzes ManifestGuard with afl++ through SharpFuzz: builds the harness, instruments the engine (and
# YamlDotNet, which parses every input), seeds a corpus per target from examples/ and the test data,
# runs each target for a bounded time, and prints execs and crashes per target.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every target)
#
# Needs Debian's afl++ (apt-get install afl++) and the SharpFuzz.CommandLine dotnet tool (installed
# here into fuzz/.tools when missing). Crashes land in fuzz/findings/TARGET/default/crashes/: turn each
# into a regression test. Not part of `dotnet test` or CI.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
all_targets=(reference yaml-scan yaml-fast-path policy-json registries-d machineconfig data-url sigstore-policy image-config master-config oke)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

if ! command -v afl-fuzz >/dev/null; then
  echo "afl-fuzz is missing: apt-get install afl++" >&2
  exit 2
fi
tools=fuzz/.tools
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

out=fuzz/out
rm -rf "$out"
dotnet build fuzz/ManifestGuard.Fuzz -c Release --nologo -v q -o "$out" >/dev/null
for assembly in ManifestGuard.Engine.dll YamlDotNet.dll; do
  "$tools/sharpfuzz" "$out/$assembly" >/dev/null
done

# Seeds: small files only (afl works best on short inputs), a directory per target.
seed() {
  local target=$1 dir=fuzz/corpus/$1
  rm -rf "$dir"
  mkdir -p "$dir"
  case $target in
    reference)
      grep -rhoE 'image: *"?[^" #]+' examples tests/ManifestGuard.Tests/TestData | sed -E 's/image: *"?//' | sort -u | head -40 |
        while IFS= read -r ref; do printf '%s' "$ref" >"$dir/$(printf '%s' "$ref" | sha1sum | cut -c1-12)"; done
      printf 'localhost:5000/a/b:c@sha256:%064d' 0 >"$dir/full" ;;
    data-url)
      printf 'data:,%%7B%%22default%%22%%3A%%5B%%5D%%7D' >"$dir/plain"
      printf 'data:text/plain;charset=utf-8;base64,eyJkZWZhdWx0IjpbXX0=' >"$dir/base64" ;;
    *)
      find examples tests/ManifestGuard.Tests/TestData -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -size -16k |
        sort | head -60 | while IFS= read -r file; do cp "$file" "$dir/$(echo "$file" | tr '/' '_')"; done ;;
  esac
}

export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1
summary=()
for target in "${targets[@]}"; do
  seed "$target"
  findings=fuzz/findings/$target
  rm -rf "$findings"
  mkdir -p fuzz/findings
  echo "fuzzing $target for ${seconds}s" >&2
  # -t: the issue's 2 s bound per input (plus slack for a loaded machine); -V: stop after the time budget.
  afl-fuzz -V "$seconds" -t 3000 -m none -i "fuzz/corpus/$target" -o "$findings" -- dotnet "$out/ManifestGuard.Fuzz.dll" "$target" >"fuzz/findings/$target.log" 2>&1 || true
  stats=$findings/default/fuzzer_stats
  if [ -f "$stats" ]; then
    execs=$(awk -F' *: *' '$1 == "execs_done" {print $2}' "$stats")
    crashes=$(awk -F' *: *' '$1 == "saved_crashes" || $1 == "unique_crashes" {print $2}' "$stats")
    hangs=$(awk -F' *: *' '$1 == "saved_hangs" || $1 == "unique_hangs" {print $2}' "$stats")
  else
    execs=0 crashes="? (afl-fuzz did not start: see fuzz/findings/$target.log)" hangs="?"
  fi
  summary+=("$(printf '%-16s execs %-10s crashes %-4s hangs %s' "$target" "$execs" "$crashes" "$hangs")")
done
printf '%s\n' "${summary[@]}"
