#!/usr/bin/env bash
# Builds samples/smtp-mail.pcap: a plant historian (10.88.0.2) that mails reports to the
# depot's mail relay (10.88.0.1, aiosmtpd from PyPI). Python's smtplib sends, in one session,
# a plain-text alarm and a daily report with a CSV attachment (base64) and an HTML part
# (quoted-printable); a second session switches to TLS with STARTTLS (a self-signed
# certificate made with openssl) before its message. Needs root (ip netns). Installs
# tcpdump, openssl and python3-venv from Debian and aiosmtpd in a throwaway venv.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/smtp-mail.pcap}
SRV=vigil-mail-relay CLI=vigil-mail-historian
S=10.88.0.1 C=10.88.0.2
SIF=mr0 CIF=mh0
. scripts/sample/netns-pair.sh

for tool in tcpdump openssl; do
  command -v $tool >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump openssl python3-venv iproute2 >/dev/null; break; }
done

netns_pair
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q aiosmtpd
openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=relay.depot.city.example" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

cat >"$work/server.py" <<PY
import asyncio, ssl
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

class Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 2.0.0 Ok: queued"

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain("$work/cert.pem", "$work/key.pem")
controller = Controller(Sink(), hostname="$S", port=25, tls_context=context, require_starttls=False,
                        server_hostname="relay.depot.city.example")
controller.start()
asyncio.get_event_loop().run_forever()
PY

cat >"$work/client.py" <<PY
import smtplib, ssl
from email.message import EmailMessage

alarm = EmailMessage()
alarm["From"] = "Historian <historian@plant.city.example>"
alarm["To"] = "ops@depot.city.example, \"Shift, Lead\" <lead@depot.city.example>"
alarm["Cc"] = "archive@depot.city.example"
alarm["Subject"] = "ALARM pump 7 discharge pressure high"
alarm["Message-ID"] = "<alarm-0001@plant.city.example>"
alarm["X-Mailer"] = "historian-notify 2.4"
alarm.set_content("Pump 7 discharge pressure 6.8 bar, setpoint 6.0 bar.\n")

report = EmailMessage()
report["From"] = "historian@plant.city.example"
report["To"] = "ops@depot.city.example"
report["Subject"] = "Daily pump report"
report["In-Reply-To"] = "<alarm-0001@plant.city.example>"
report.set_content("Daily report attached.\n")
report.add_alternative("<html><body><p>Daily report attached &mdash; d\u00e9bit nominal.</p></body></html>\n", subtype="html")
report.add_attachment("pump,hours,starts\n7,23.5,4\n8,12.0,2\n".encode(), maintype="text", subtype="csv", filename="pumps.csv")

with smtplib.SMTP("$S", 25, local_hostname="historian.plant.city.example") as s:
    s.send_message(alarm)
    s.send_message(report, to_addrs=["ops@depot.city.example"])

tls = ssl.create_default_context()
tls.check_hostname = False
tls.verify_mode = ssl.CERT_NONE
with smtplib.SMTP("$S", 25, local_hostname="historian.plant.city.example") as s:
    s.starttls(context=tls)
    s.send_message(alarm)
PY

ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" tcp port 25 >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
ip netns exec $SRV "$work/venv/bin/python" "$work/server.py" >"$work/server.log" 2>&1 &
sleep 3
ip netns exec $CLI "$work/venv/bin/python" "$work/client.py"
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
