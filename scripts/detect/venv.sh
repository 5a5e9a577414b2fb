#!/usr/bin/env bash
# Creates (once) the virtual environment of pySigma with its SQLite backend (PyPI: pysigma,
# pysigma-backend-sqlite) and prints its Python.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-sigma"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import sigma.backends.sqlite" >/dev/null 2>&1; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q "pysigma==2.0.1" "pysigma-backend-sqlite==2.1.1" >&2
fi
echo "$venv/bin/python"
