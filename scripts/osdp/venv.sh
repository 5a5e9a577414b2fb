#!/usr/bin/env bash
# Creates (once) the virtual environment with the OSDP peer, libosdp 3.2.9 from PyPI, and
# prints its python path. The `osdp` 1.6 package installs a module of the same name, so it
# would need an environment of its own.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-libosdp"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import osdp, osdp_sys' 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q libosdp==3.2.9 >&2
fi
echo "$venv/bin/python"
