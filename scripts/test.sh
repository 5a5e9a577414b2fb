#!/usr/bin/env bash
# The test command (README): builds once and runs every suite from that build, then the OSDP
# interoperability matrix against libosdp and the `osdp` 1.6 CP, and the CSAF importer against
# the `csaf` validator (each installed into its own virtual environment on first run:
# .venv-libosdp, .venv-osdp16, .venv-csaf), and the Sigma engine against pySigma with its SQLite
# backend (.venv-sigma), the hub's API against its OpenAPI document with schemathesis
# (.venv-schemathesis), and the hub's dashboard in Debian's chromium driven by selenium
# (.venv-browser; screenshots in test-artifacts/dashboard/), and response with real traffic
# through a gateway namespace running `vigil enforce` with nft, and a pymodbus PLC
# (.venv-modbus).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
swift build --build-tests
# Every suite, the hub's on SQLite (its default store) whatever VIGIL_TEST_POSTGRES says.
env -u VIGIL_TEST_POSTGRES swift test --skip-build
# The hub's suites again on PostgreSQL, when VIGIL_TEST_POSTGRES names a server
# (postgres://USER:PASSWORD@HOST:PORT/DATABASE, a user who may create databases); .ci/run sets it.
if [ -n "${VIGIL_TEST_POSTGRES:-}" ]; then
  echo "The hub's suites on PostgreSQL ($(echo "$VIGIL_TEST_POSTGRES" | sed 's|://[^@]*@|://…@|')):"
  # Each test makes a database of its own; they are dropped after the suites (and before, if a
  # failed run left some behind).
  drop_test_databases() {
    psql -qtA "$VIGIL_TEST_POSTGRES" -c "SELECT datname FROM pg_database WHERE datname LIKE 'vigil\_test\_%'" |
      while read -r name; do psql -q "$VIGIL_TEST_POSTGRES" -c "DROP DATABASE \"$name\""; done
  }
  drop_test_databases
  swift test --skip-build --filter VigilHubTests
  drop_test_databases
elif [ -n "${CI:-}" ]; then
  echo "VIGIL_TEST_POSTGRES is not set: the hub's suites cannot run on PostgreSQL" >&2; exit 1
else
  echo "The hub's suites on PostgreSQL: not run (set VIGIL_TEST_POSTGRES to a server; see docs/TESTING.md)"
fi
python="$(bash scripts/osdp/venv.sh)"
(cd scripts/osdp && "$python" interop.py --vigil "$(swift build --show-bin-path)/vigil")
python16="$(bash scripts/osdp/venv.sh osdp16)"
(cd scripts/osdp && "$python16" osdp16_cells.py --vigil "$(swift build --show-bin-path)/vigil")
validator="$(bash scripts/vulns/venv.sh)"
python3 scripts/vulns/csaf_peer.py --vigil "$(swift build --show-bin-path)/vigil" --validator "$validator"
sigma_python="$(bash scripts/detect/venv.sh)"
"$sigma_python" scripts/detect/sigma_peer.py --vigil "$(swift build --show-bin-path)/vigil"
schemathesis="$(bash scripts/hub/venv.sh)"
bash scripts/hub/api_peer.sh "$(swift build --show-bin-path)/vigil" "$schemathesis"
browser_python="$(bash scripts/hub/browser_venv.sh)"
bash scripts/hub/dashboard_browser.sh "$(swift build --show-bin-path)/vigil" "$browser_python"
if [ -n "${VIGIL_TEST_POSTGRES:-}" ]; then
  echo "The API and dashboard checks again, the hub on PostgreSQL:"
  hub_postgres="$VIGIL_TEST_POSTGRES" bash scripts/hub/api_peer.sh "$(swift build --show-bin-path)/vigil" "$schemathesis"
  hub_postgres="$VIGIL_TEST_POSTGRES" bash scripts/hub/dashboard_browser.sh "$(swift build --show-bin-path)/vigil" "$browser_python"
fi
modbus_python="$(bash scripts/hub/modbus_venv.sh)"
bash scripts/hub/response_netns.sh "$(swift build --show-bin-path)/vigil" "$modbus_python"
