#!/usr/bin/env bash
# The test command (README): builds once and runs every suite from that build, then the OSDP
# interoperability matrix against libosdp (installed into .venv-libosdp on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
swift build --build-tests
swift test --skip-build
python="$(bash scripts/osdp/venv.sh)"
(cd scripts/osdp && "$python" interop.py --vigil "$(swift build --show-bin-path)/vigil")
