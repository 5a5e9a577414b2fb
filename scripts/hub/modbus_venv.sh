#!/usr/bin/env bash
# Creates (once) the virtual environment with pymodbus (PyPI): the real Modbus/TCP server a
# restore is checked against, and the client that tampers with it. Prints its python.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-modbus"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pymodbus' 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q "pymodbus==3.6.9" >&2
fi
echo "$venv/bin/python"
