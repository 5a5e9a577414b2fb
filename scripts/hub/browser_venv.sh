#!/usr/bin/env bash
# Creates (once) the virtual environment of selenium (PyPI), which drives Debian's chromium
# through Debian's chromedriver (no browser or driver is downloaded), and prints its python.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-browser"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q "selenium==4.51.0" >&2
fi
echo "$venv/bin/python"
