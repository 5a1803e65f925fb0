#!/usr/bin/env bash
# Installs manifestguard for the Action and puts it on the job's PATH (through $GITHUB_PATH).
#
#   install.sh resolve   writes the step outputs version, rid and dir: the release to install (the
#                        `version` input, else the version this checkout of the Action declares in
#                        Directory.Build.props, which the release workflow checks against the tag),
#                        the runtime identifier of the runner, and the folder actions/cache keeps.
#   install.sh           installs into that folder: nothing to do when the cache restored the binary;
#                        otherwise downloads manifestguard-VERSION-RID.tar.gz (.zip on Windows) and
#                        SHA256SUMS from the release, refuses an archive whose SHA-256 is not the one
#                        SHA256SUMS lists, and unpacks the binary. With INPUT_BUILD_FROM_SOURCE=true it
#                        packs the Action's own checkout as a .NET tool instead (needs the .NET SDK).
#
# INPUT_RELEASE_URL is the folder that holds one v<VERSION>/ folder per release (default: the GitHub
# releases of the Action's repository); curl reads https://, http:// and file:// alike.
set -euo pipefail

action_path=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}
mode=${1:-install}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

error() { echo "::error title=ManifestGuard install::$*"; }
write_output() { if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >> "$GITHUB_OUTPUT"; fi; }

declared_version() {
  sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$action_path/Directory.Build.props" | head -n 1
}

runner_rid() {
  local os arch
  case "${RUNNER_OS:-$(uname -s)}" in
    Linux) os=linux ;; macOS | Darwin) os=osx ;; Windows | MINGW* | MSYS* | CYGWIN*) os=win ;;
    *) error "no release binary for the OS ${RUNNER_OS:-$(uname -s)}; set build-from-source: true"; exit 1 ;;
  esac
  case "${RUNNER_ARCH:-$(uname -m)}" in
    X64 | x86_64 | amd64) arch=x64 ;; ARM64 | aarch64 | arm64) arch=arm64 ;;
    *) error "no release binary for the architecture ${RUNNER_ARCH:-$(uname -m)}; set build-from-source: true"; exit 1 ;;
  esac
  echo "$os-$arch"
}

version=${INPUT_VERSION:-}
version=${version#v}
[ -n "$version" ] || version=$(declared_version)
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  error "input version must be a release such as 0.1.0, not \"$version\""
  exit 2
fi
if ! rid=$(runner_rid); then
  echo "$rid" # the error annotation runner_rid printed
  exit 1
fi
dir=${INSTALL_DIR:-${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-$(mktemp -d)}}/manifestguard/$version/$rid}
binary=manifestguard
case "$rid" in win-*) binary=manifestguard.exe ;; esac

if [ "$mode" = resolve ]; then
  write_output version "$version"
  write_output rid "$rid"
  write_output dir "$dir"
  exit 0
fi

sha256() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }

build_from_source() {
  local work=${RUNNER_TEMP:-$(mktemp -d)}/manifestguard-source
  # Not the folder actions/cache restores releases into.
  dir="$dir-source"
  rm -rf "$work" "$dir"
  mkdir -p "$work/source" "$dir"
  # Build a copy, so no bin/ or obj/ lands in the checkout (with `uses: ./` that is the workspace).
  tar -C "$action_path" --exclude=./.git --exclude=bin --exclude=obj --exclude=node_modules --exclude=./artifacts -cf - . \
    | tar -C "$work/source" -xf -
  dotnet pack "$work/source/src/ManifestGuard.Cli" --configuration Release --output "$work/packages" --nologo -verbosity:quiet
  # Only the local package: nothing else must be able to answer for ManifestGuard.Tool.
  printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n' > "$work/nuget.config"
  dotnet tool install ManifestGuard.Tool --configfile "$work/nuget.config" --add-source "$work/packages" --tool-path "$dir"
}

download_release() {
  local base=${INPUT_RELEASE_URL:-${GITHUB_SERVER_URL:-https://github.com}/${ACTION_REPOSITORY:-manifestguard/manifestguard}/releases/download}
  local archive="manifestguard-$version-$rid.tar.gz"
  case "$rid" in win-*) archive="manifestguard-$version-$rid.zip" ;; esac
  local url="${base%/}/v$version"
  work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/manifestguard-download.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  echo "Downloading $url/$archive"
  if ! curl -fsSL --retry 3 -o "$work/SHA256SUMS" "$url/SHA256SUMS" || ! curl -fsSL --retry 3 -o "$work/$archive" "$url/$archive"; then
    error "could not download release $version ($url/$archive); check the version input, or set build-from-source: true"
    exit 1
  fi
  local expected actual
  expected=$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1 }' "$work/SHA256SUMS")
  actual=$(sha256 "$work/$archive")
  if [ -z "$expected" ]; then
    error "SHA256SUMS of release $version lists no $archive; refusing to install it"
    exit 1
  fi
  if [ "$expected" != "$actual" ]; then
    error "checksum mismatch for $archive: SHA256SUMS says $expected, the download is $actual; refusing to install it"
    exit 1
  fi
  mkdir -p "$work/unpacked"
  case "$archive" in
    *.zip) unzip -q "$work/$archive" -d "$work/unpacked" ;;
    *) tar -xzf "$work/$archive" -C "$work/unpacked" ;;
  esac
  rm -rf "$dir"
  mkdir -p "$dir"
  mv "$work/unpacked/$binary" "$dir/$binary"
  chmod +x "$dir/$binary"
}

if [ "${INPUT_BUILD_FROM_SOURCE:-false}" = true ]; then
  build_from_source
elif [ -x "$dir/$binary" ] && [ "$("$dir/$binary" --version 2>/dev/null | tr -d '\r')" = "$version" ]; then
  echo "manifestguard $version restored from the cache"
else
  download_release
fi

"$dir/$binary" --version
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$dir" >> "$GITHUB_PATH"
fi
