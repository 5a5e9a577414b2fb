#!/usr/bin/env bash
# The test command (README): builds once and runs every suite from that build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
swift build --build-tests
swift test --skip-build
