#!/usr/bin/env bash
# The one step of the schemadiff GitHub Action: run `schemadiff check` and hand its results to
# GitHub. Kept thin on purpose; every decision is the CLI's, so the CLI's tests cover it.
#
# Reads (all optional unless noted):
#   INPUT_SOURCE, INPUT_AGAINST, INPUT_BASE, INPUT_MODE, INPUT_FAIL_ON, INPUT_POLICY
#                         the check's options
#   SCHEMADIFF_TOKEN      bearer token for URL sources; masked before anything runs
#   GITHUB_OUTPUT         (required) file that receives breaking, warning, safe, info, verdict
#   GITHUB_STEP_SUMMARY   (required) file the markdown report is appended to
#   SCHEMADIFF_PYTHON     the interpreter schemadiff was installed into (the install step's
#                         output); runs `$SCHEMADIFF_PYTHON -m schemadiff`
#   SCHEMADIFF            the command to run instead (default: schemadiff)
#   PYTHON                the interpreter used to read the JSON report (default:
#                         SCHEMADIFF_PYTHON, else python)
# GITHUB_BASE_REF (a pull request's target branch) and GITHUB_WORKSPACE (the repository root,
# which annotation paths are relative to) are read by schemadiff itself.
# Writes annotations (workflow commands) to stdout and exits with check's exit code:
# 0 pass, 1 fail, 2 error.
set -uo pipefail

: "${GITHUB_OUTPUT:?GITHUB_OUTPUT must name the step outputs file}"
: "${GITHUB_STEP_SUMMARY:?GITHUB_STEP_SUMMARY must name the job summary file}"

if [ -n "${SCHEMADIFF_TOKEN:-}" ]; then
  # Masked before any command runs, so no later log line can show it.
  echo "::add-mask::${SCHEMADIFF_TOKEN}"
fi

if [ -n "${SCHEMADIFF:-}" ]; then
  read -r -a schemadiff_cmd <<< "${SCHEMADIFF}"
elif [ -n "${SCHEMADIFF_PYTHON:-}" ]; then
  schemadiff_cmd=("${SCHEMADIFF_PYTHON}" -m schemadiff)
else
  schemadiff_cmd=(schemadiff)
fi
python_cmd="${PYTHON:-${SCHEMADIFF_PYTHON:-python}}"

args=(check)
[ -n "${INPUT_SOURCE:-}" ] && args+=("${INPUT_SOURCE}")
[ -n "${INPUT_AGAINST:-}" ] && args+=(--against "${INPUT_AGAINST}")
[ -n "${INPUT_BASE:-}" ] && args+=(--base "${INPUT_BASE}")
[ -n "${INPUT_MODE:-}" ] && args+=(--mode "${INPUT_MODE}")
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "${INPUT_FAIL_ON}")
[ -n "${INPUT_POLICY:-}" ] && args+=(--policy "${INPUT_POLICY}")

workdir="$(mktemp -d)"
trap 'rm -rf "${workdir}"' EXIT

escape_data() {
  # Workflow command escaping for a message: %, CR and LF.
  local text="$1"
  text="${text//'%'/%25}"
  text="${text//$'\r'/%0D}"
  text="${text//$'\n'/%0A}"
  printf '%s' "${text}"
}

# One run, three renderings of the same result: annotations on stdout (where the runner reads
# workflow commands), the JSON report for the outputs, the markdown report for the summary.
"${schemadiff_cmd[@]}" "${args[@]}" --format github \
  --report "json=${workdir}/report.json" --report "markdown=${workdir}/summary.md" \
  2>"${workdir}/stderr"
status=$?
cat "${workdir}/stderr" >&2

if [ "${status}" -ne 0 ] && [ "${status}" -ne 1 ]; then
  message="$(grep -m1 'schemadiff: error:' "${workdir}/stderr" || true)"
  message="${message:-schemadiff check exited with status ${status}}"
  echo "::error title=schemadiff check::$(escape_data "${message}")"
  {
    echo "## ❌ schemadiff check: error"
    echo
    echo '```'
    cat "${workdir}/stderr"
    echo '```'
  } >>"${GITHUB_STEP_SUMMARY}"
  {
    echo "verdict=error"
    echo "breaking=0"
    echo "warning=0"
    echo "safe=0"
    echo "info=0"
  } >>"${GITHUB_OUTPUT}"
  exit "${status}"
fi

cat "${workdir}/summary.md" >>"${GITHUB_STEP_SUMMARY}"

"${python_cmd}" - "${workdir}/report.json" >>"${GITHUB_OUTPUT}" <<'PY' || exit 2
import json
import sys

with open(sys.argv[1], encoding="utf-8") as stream:
    report = json.load(stream)
counts = report["counts"]
print(f"verdict={report['check']['verdict']}")
for level in ("breaking", "warning", "safe", "info"):
    print(f"{level}={int(counts.get(level, 0))}")
PY

exit "${status}"
