#!/usr/bin/env bash
# The Action's check step (action.yml passes its inputs as INPUT_* variables). Runs `manifestguard
# check` once on the paths, which writes the SARIF file, the workflow annotations and the report in
# the chosen format together (`--report-file FORMAT=FILE`); then writes a Markdown summary of the
# findings, read from the SARIF, to $GITHUB_STEP_SUMMARY and the outputs to $GITHUB_OUTPUT, and exits
# as `manifestguard check` does for fail-on: 0 pass, 1 findings, 2 usage or configuration error,
# 3 runtime failure.
set -euo pipefail

paths_input=${INPUT_PATHS:-.}
config=${INPUT_CONFIG:-}
format=${INPUT_FORMAT:-text}
fail_on=${INPUT_FAIL_ON:-error}
sarif_file=${INPUT_SARIF_FILE:-manifestguard.sarif}
online=${INPUT_ONLINE:-false}
pin=${INPUT_PIN:-false}
annotations=${INPUT_ANNOTATIONS:-true}
summary=${INPUT_SUMMARY:-true}
output_file=${INPUT_OUTPUT_FILE:-}
only_changed=${INPUT_ONLY_CHANGED:-false}
working_directory=${INPUT_WORKING_DIRECTORY:-.}
mg=${MANIFESTGUARD:-manifestguard}

error() { echo "::error title=ManifestGuard::$*"; }

is_bool() { [ "$1" = true ] || [ "$1" = false ]; }
for name in online pin annotations summary only_changed; do
  if ! is_bool "${!name}"; then
    error "input ${name//_/-} must be true or false, not \"${!name}\""
    exit 2
  fi
done
case "$fail_on" in error|warning|note|none) ;; *) error "input fail-on must be error, warning, note or none, not \"$fail_on\""; exit 2 ;; esac
case "$format" in text|sarif|json|github) ;; *) error "input format must be text, sarif, json or github, not \"$format\""; exit 2 ;; esac

cd "${GITHUB_WORKSPACE:-.}"
cd "$working_directory"
case "$sarif_file" in /*) ;; *) sarif_file="$PWD/$sarif_file" ;; esac
mkdir -p "$(dirname "$sarif_file")"

# Paths: whitespace- or newline-separated, as in other Actions' multi-value inputs.
read -r -d '' -a paths < <(printf '%s\0' "$paths_input" | tr '\n' ' ') || true
[ ${#paths[@]} -gt 0 ] || paths=(.)

write_output() { if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >> "$GITHUB_OUTPUT"; fi; }

# On a pull request, only-changed narrows the scan to the manifests the PR adds or changes. The
# checkout of a PR is its merge commit, whose first parent is the base branch.
if [ "$only_changed" = true ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
  if ! git rev-parse -q --verify 'HEAD^1' >/dev/null 2>&1; then
    git fetch -q --no-tags --deepen=1 origin 2>/dev/null || true
  fi
  if ! git rev-parse -q --verify 'HEAD^1' >/dev/null 2>&1; then
    echo "::notice title=ManifestGuard::only-changed needs the pull request's base commit, which this checkout lacks and git could not fetch; checking every manifest instead (actions/checkout with fetch-depth: 2 avoids this)"
    only_changed=false
  fi
fi
if [ "$only_changed" = true ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
  mapfile -t changed < <(git diff --name-only --diff-filter=ACMR 'HEAD^1' HEAD -- "${paths[@]}" | grep -E '\.(ya?ml|json)$' || true)
  if [ ${#changed[@]} -eq 0 ]; then
    echo "ManifestGuard: no manifest changed in this pull request."
    printf '{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{"name":"ManifestGuard"}},"results":[]}]}\n' > "$sarif_file"
    write_output sarif-file "$sarif_file"
    for name in findings errors warnings notes exit-code; do write_output "$name" 0; done
    if [ "$summary" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
      printf '## ManifestGuard\n\nNo manifest changed in this pull request.\n' >> "$GITHUB_STEP_SUMMARY"
    fi
    exit 0
  fi
  # Paths as git prints them are relative to the repository root.
  top=$(git rev-parse --show-toplevel)
  paths=()
  for file in "${changed[@]}"; do paths+=("$top/$file"); done
fi

common=()
[ -z "$config" ] || common+=(--config "$config")

if [ "$pin" = true ]; then
  echo "::group::manifestguard pin"
  set +e
  "$mg" pin "${paths[@]}" "${common[@]}"
  status=$?
  set -e
  echo "::endgroup::"
  if [ $status -ne 0 ]; then
    error "manifestguard pin failed (exit $status); nothing was pinned"
    exit $status
  fi
fi

# One scan: SARIF to its file; annotations and the report in the chosen format to the log (or the
# report to output-file). A report that is not the log's goes to a file that is then printed.
check=("$mg" check "${paths[@]}" "${common[@]}" --fail-on "$fail_on" --report-file "sarif=$sarif_file")
[ "$online" = false ] || check+=(--online)
log_report=""
if [ "$annotations" = true ] || [ "$format" = github ]; then
  check+=(--format github)
  if [ "$format" != github ]; then
    if [ -n "$output_file" ]; then
      check+=(--report-file "$format=$output_file")
    else
      log_report=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/manifestguard-report.XXXXXX")
      trap 'rm -f "$log_report"' EXIT
      check+=(--report-file "$format=$log_report")
    fi
  elif [ -n "$output_file" ]; then
    check+=(--report-file "github=$output_file")
  fi
else
  check+=(--format "$format")
  [ -z "$output_file" ] || check+=(--output "$output_file")
fi

set +e
"${check[@]}"
status=$?
set -e
[ -z "$log_report" ] || cat "$log_report"
if [ $status -ge 2 ]; then
  error "manifestguard check failed (exit $status)"
  write_output exit-code "$status"
  exit $status
fi

# Findings as the summary and the outputs count them: unsuppressed results, at their own level or
# their rule's default level.
findings_tsv=$(jq -r '
  .runs[0] as $run
  | ($run.tool.driver.rules // []) as $rules
  | $run.results[]?
  | select((.suppressions // []) | length == 0)
  | . as $r
  | ($r.locations[0].physicalLocation // {}) as $loc
  | [ ($r.level // (if $r.ruleIndex != null then $rules[$r.ruleIndex].defaultConfiguration.level
                    else ([$rules[] | select(.id == $r.ruleId)][0].defaultConfiguration.level) end) // "warning"),
      $r.ruleId,
      ($loc.artifactLocation.uri // ""),
      (($loc.region.startLine // 0) | tostring),
      ($r.message.text | gsub("[\r\n\t]+"; " "))
    ]
  | @tsv' "$sarif_file")
count() { if [ -z "$findings_tsv" ]; then echo 0; else printf '%s\n' "$findings_tsv" | awk -F'\t' -v level="$1" 'level == "" || $1 == level' | wc -l | tr -d ' '; fi; }
total=$(count "")
errors=$(count error)
warnings=$(count warning)
notes=$(count note)

write_output sarif-file "$sarif_file"
write_output findings "$total"
write_output errors "$errors"
write_output warnings "$warnings"
write_output notes "$notes"
write_output exit-code "$status"

if [ "$summary" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  verdict=$([ $status -eq 0 ] && echo "passed" || echo "failed")
  plural() { [ "$1" -eq 1 ] && echo "$1 $2" || echo "$1 $2s"; }
  {
    echo "## ManifestGuard"
    echo
    echo "**$(plural "$total" finding)** ($(plural "$errors" error), $(plural "$warnings" warning), $(plural "$notes" note)): $verdict with fail-on \`$fail_on\`."
    if [ "$total" -gt 0 ]; then
      echo
      echo "| Level | Rule | Location | Message |"
      echo "|---|---|---|---|"
      blob=""
      if [ -n "${GITHUB_SERVER_URL:-}" ] && [ -n "${GITHUB_REPOSITORY:-}" ] && [ -n "${GITHUB_SHA:-}" ]; then
        blob="$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA"
      fi
      printf '%s\n' "$findings_tsv" | head -n 500 | while IFS=$'\t' read -r level rule uri line message; do
        location="\`$uri:$line\`"
        if [ -n "$blob" ] && [ -n "$uri" ]; then location="[\`$uri:$line\`]($blob/$uri#L$line)"; fi
        echo "| $level | $rule | $location | ${message//|/\\|} |"
      done
      if [ "$total" -gt 500 ]; then echo; echo "The first 500 are shown; the SARIF file has them all."; fi
    fi
  } >> "$GITHUB_STEP_SUMMARY"
fi

exit $status
