#!/usr/bin/env bash
# The install step of the schemadiff GitHub Action: install schemadiff (and the packages the
# `install` input names) into the Python the workflow already set up, where the app and its
# dependencies live, so that `check myapp.main:app` can import the app.
#
# Reads (all optional):
#   SCHEMADIFF_VERSION  a release of schemadiff-ws to install from the package index; empty
#                       installs the action's own checkout (GITHUB_ACTION_PATH)
#   INPUT_INSTALL       more pip arguments, split on spaces (`-e .`, `-r requirements.txt`),
#                       installed first, from the step's working directory
#   GITHUB_OUTPUT       receives python=<the interpreter used>, for the check step
set -euo pipefail

python="$(command -v python || command -v python3 || true)"
if [ -z "${python}" ]; then
  echo "::error title=schemadiff::no python on PATH; set up Python in an earlier step" \
    "(actions/setup-python) or set the action's python-version input"
  exit 2
fi
# The absolute path of the interpreter (a venv's python, setup-python's), so that the check step
# runs exactly this one whatever PATH holds then.
python="$("${python}" -c 'import sys; print(sys.executable)')"
pip=("${python}" -m pip install --disable-pip-version-check)

if [ -n "${INPUT_INSTALL:-}" ]; then
  read -r -a extra <<< "${INPUT_INSTALL}"
  "${pip[@]}" "${extra[@]}"
fi
if [ -n "${SCHEMADIFF_VERSION:-}" ]; then
  "${pip[@]}" "schemadiff-ws==${SCHEMADIFF_VERSION}"
else
  "${pip[@]}" "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH must name the action checkout}"
fi
"${python}" -m schemadiff --version
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "python=${python}" >>"${GITHUB_OUTPUT}"
fi
