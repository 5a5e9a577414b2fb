#!/usr/bin/env bash
# Creates (once) the virtual environment of schemathesis (PyPI), which tests the hub's API
# against its OpenAPI document, and prints the path of its `schemathesis` command.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-schemathesis"
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q "schemathesis==4.32.5" >&2
fi
echo "$venv/bin/schemathesis"
