#!/usr/bin/env bash
# Builds samples/ftp-transfers.pcap: a PLC programming station (10.90.0.2) and the FTP server
# of a controller (10.90.0.1, pyftpdlib from PyPI, as many PLCs and RTUs serve their program
# and log files over FTP). Python's ftplib logs in as an engineer, changes directory, lists
# it, downloads a program in passive mode, uploads a new one in active mode (PORT), asks for
# a file that is not there, renames and deletes a file; a second session logs in
# anonymously and downloads a log over EPSV. Needs root (ip netns). Installs tcpdump and
# python3-venv from Debian and pyftpdlib in a throwaway venv.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/ftp-transfers.pcap}
SRV=vigil-ftp-plc CLI=vigil-ftp-station
S=10.90.0.1 C=10.90.0.2
SIF=fp0 CIF=fs0
. scripts/sample/netns-pair.sh

command -v tcpdump >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump python3-venv iproute2 >/dev/null; }

netns_pair
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q pyftpdlib
mkdir -p "$work/root/programs" "$work/root/logs" "$work/pub"
printf 'PROGRAM pump_control\n  VAR setpoint : REAL := 6.0; END_VAR\nEND_PROGRAM\n' >"$work/root/programs/pump.st"
printf 'old' >"$work/root/programs/old.st"
seq 1 200 | sed 's/^/2026-12-05 alarm /' >"$work/pub/alarms.log"

cat >"$work/server.py" <<PY
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer
a = DummyAuthorizer()
a.add_user("engineer", "Pump-2026", "$work/root", perm="elradfmw")
a.add_anonymous("$work/pub")
FTPHandler.authorizer = a
FTPHandler.banner = "PLC FTP server ready."
FTPServer(("$S", 21), FTPHandler).serve_forever()
PY

cat >"$work/client.py" <<PY
import ftplib, io
with ftplib.FTP("$S", timeout=10) as f:
    f.login("engineer", "Pump-2026")
    f.cwd("programs")
    f.retrlines("LIST", lambda line: None)
    f.retrbinary("RETR pump.st", lambda b: None)
    f.set_pasv(False)
    f.storbinary("STOR pump_v2.st", io.BytesIO(b"PROGRAM pump_control\n  VAR setpoint : REAL := 9.5; END_VAR\nEND_PROGRAM\n"))
    f.set_pasv(True)
    try:
        f.retrbinary("RETR missing.st", lambda b: None)
    except ftplib.error_perm:
        pass
    f.rename("old.st", "old.bak")
    f.delete("old.bak")
    f.size("pump.st")
class ExtendedPassive(ftplib.FTP):
    # ftplib asks for EPSV (RFC 2428) only over IPv6; this client asks for it over IPv4 too.
    def makepasv(self):
        return ftplib.parse229(self.sendcmd("EPSV"), self.sock.getpeername())
with ExtendedPassive("$S", timeout=10) as f:
    f.login()
    f.retrbinary("RETR alarms.log", lambda b: None)
PY

ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" tcp >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
ip netns exec $SRV "$work/venv/bin/python" "$work/server.py" >"$work/server.log" 2>&1 &
sleep 2
ip netns exec $CLI "$work/venv/bin/python" "$work/client.py"
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
