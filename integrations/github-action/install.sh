#!/usr/bin/env bash
# Installs manifestguard for the Action and puts it on the job's PATH (through $GITHUB_PATH):
#   INPUT_VERSION empty: packs the Action's own checkout ($GITHUB_ACTION_PATH) and installs that package;
#   INPUT_VERSION set:   installs that version of ManifestGuard.Tool from the configured NuGet feeds.
set -euo pipefail

action_path=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}
work=${RUNNER_TEMP:-$(mktemp -d)}/manifestguard
tool_path="$work/bin"
rm -rf "$tool_path"
mkdir -p "$work"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ -n "${INPUT_VERSION:-}" ]; then
  dotnet tool install ManifestGuard.Tool --version "$INPUT_VERSION" --tool-path "$tool_path"
else
  packages="$work/packages"
  source="$work/source"
  rm -rf "$packages" "$source"
  mkdir -p "$source"
  # Build a copy, so no bin/ or obj/ lands in the checkout (with `uses: ./` that is the workspace).
  tar -C "$action_path" --exclude=./.git --exclude=bin --exclude=obj --exclude=node_modules -cf - . | tar -C "$source" -xf -
  dotnet pack "$source" --configuration Release --output "$packages" --nologo -verbosity:quiet
  # Only the local package: nothing else must be able to answer for ManifestGuard.Tool.
  config="$work/nuget.config"
  printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n' > "$config"
  dotnet tool install ManifestGuard.Tool --configfile "$config" --add-source "$packages" --tool-path "$tool_path"
fi

"$tool_path/manifestguard" --version
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$tool_path" >> "$GITHUB_PATH"
fi
