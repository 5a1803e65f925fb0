#!/usr/bin/env bash
# Builds the release artifacts of one version into a folder, the same files the release workflow
# (.github/workflows/release.yml) attaches to a GitHub release:
#   manifestguard-VERSION-RID.tar.gz   the Native AOT binary and README.md (a .zip for win-* RIDs)
#   ManifestGuard.Tool.VERSION.nupkg   the .NET tool package
#   SHA256SUMS                         one `HASH  FILE` line per archive and package, as sha256sum -c reads it
#
#   scripts/build-release.sh VERSION [RID...]
#
# RIDs default to this machine's (linux-x64, linux-arm64, osx-arm64, win-x64, ...). Native AOT links
# with the target platform's toolchain, so each RID builds on a machine of that OS (and, for Linux,
# that architecture unless a cross sysroot is installed); `none` builds no binary. The folder is
# $OUT (default artifacts/release/VERSION); archives already there are kept and summed too, which
# is how the release workflow gathers the binaries of several machines. PACK=false skips the tool
# package. VERSION is what `manifestguard --version` prints.
set -euo pipefail

version=${1:?usage: scripts/build-release.sh VERSION [RID...]}
shift
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "build-release: \"$version\" is not a version such as 1.2.3 or 1.2.3-rc.1" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
root=$PWD
out=${OUT:-artifacts/release/$version}
mkdir -p "$out"
out=$(cd "$out" && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

host_rid() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;; Darwin) os=osx ;; MINGW* | MSYS* | CYGWIN*) os=win ;;
    *) echo "build-release: unknown OS $(uname -s)" >&2; exit 2 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;;
    *) echo "build-release: unknown architecture $(uname -m)" >&2; exit 2 ;;
  esac
  echo "$os-$arch"
}

sha256() { if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }

# A zip without depending on zip(1), which Windows runners lack.
make_zip() {
  local archive=$1 dir=$2
  shift 2
  local python
  python=$(command -v python3 || command -v python)
  (cd "$dir" && "$python" -m zipfile -c "$archive" "$@")
}

rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=("$(host_rid)")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for rid in "${rids[@]}"; do
  [ "$rid" != none ] || continue
  publish="$work/$rid"
  dotnet publish src/ManifestGuard.Cli -c Release -r "$rid" -p:Version="$version" -o "$publish" -nologo -v:q
  binary=manifestguard
  case "$rid" in win-*) binary=manifestguard.exe ;; esac
  [ -f "$publish/$binary" ] || { echo "build-release: dotnet publish made no $binary for $rid" >&2; exit 1; }
  if [ "$rid" = "$(host_rid)" ]; then
    printed=$("$publish/$binary" --version | tr -d '\r')
    if [ "$printed" != "$version" ]; then
      echo "build-release: the $rid binary says its version is \"$printed\", not $version" >&2
      exit 1
    fi
  fi
  stage="$work/stage-$rid"
  mkdir -p "$stage"
  cp "$publish/$binary" README.md "$stage/"
  name="manifestguard-$version-$rid"
  case "$rid" in
    win-*) rm -f "$out/$name.zip"; make_zip "$out/$name.zip" "$stage" "$binary" README.md ;;
    *) tar -C "$stage" -czf "$out/$name.tar.gz" "$binary" README.md ;;
  esac
  echo "build-release: $out/$name"
done

if [ "${PACK:-true}" = true ]; then
  # Only src/ManifestGuard.Cli is packable; packing the project keeps tests, bench and fuzz out of it.
  dotnet pack src/ManifestGuard.Cli -c Release -p:Version="$version" -o "$work/package" -nologo -v:q
  cp "$work/package/ManifestGuard.Tool.$version.nupkg" "$out/"
  echo "build-release: $out/ManifestGuard.Tool.$version.nupkg"
fi

cd "$out"
shopt -s nullglob
files=(manifestguard-"$version"-*.tar.gz manifestguard-"$version"-*.zip ManifestGuard.Tool."$version".nupkg)
[ ${#files[@]} -gt 0 ] || { echo "build-release: nothing was built" >&2; exit 1; }
sha256 "${files[@]}" > SHA256SUMS
echo "build-release: $out/SHA256SUMS"
cd "$root"
