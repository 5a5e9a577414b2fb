#!/usr/bin/env bash
# Creates (once) the virtual environment of the CSAF validator from PyPI (`csaf`, whose
# `csaf validate --spec-version v20` checks CSAF 2.0 documents) and prints its executable.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-csaf"
if [ ! -x "$venv/bin/csaf" ] || ! "$venv/bin/csaf" version >/dev/null 2>&1; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q "csaf==2026.10.25" >&2
fi
echo "$venv/bin/csaf"
