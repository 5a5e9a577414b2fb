#!/usr/bin/env bash
# Creates (once) the virtual environment of one OSDP peer from PyPI and prints its python path:
#   venv.sh [libosdp]  libosdp 3.2.9, the reference C library's PD and CP, in .venv-libosdp
#   venv.sh osdp16     the `osdp` 1.6 CP (pure Python, pycryptodome, pyserial) in .venv-osdp16
# Each peer has an environment of its own because both packages install a module named `osdp`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
case "${1:-libosdp}" in
  libosdp) venv="$root/.venv-libosdp" package="libosdp==3.2.9" check="import osdp, osdp_sys" ;;
  osdp16) venv="$root/.venv-osdp16" package="osdp==1.6" check="import osdp; osdp.calculate_scbk" ;;
  *) echo "usage: venv.sh [libosdp|osdp16]" >&2; exit 2 ;;
esac
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "$check" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q "$package" >&2
fi
echo "$venv/bin/python"
