"""Times the dashboard's pages: signs in as a person would (the form and its token), then asks
for each page REQUESTS times, one request at a time, over one kept-alive TLS connection, and
prints the median, the 95th percentile and the slowest answer of each.

Usage: dashboard_load.py --url https://127.0.0.1:PORT --user NAME --password PW [--requests N]
"""

import argparse
import http.client
import re
import ssl
import statistics
import time
import urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument("--url", required=True)
parser.add_argument("--user", required=True)
parser.add_argument("--password", required=True)
parser.add_argument("--requests", type=int, default=40)
args = parser.parse_args()
host = urllib.parse.urlparse(args.url)
context = ssl._create_unverified_context()
connection = http.client.HTTPSConnection(host.hostname, host.port, context=context)


def request(method, path, body=None, headers=None):
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response, response.read()


response, page = request("GET", "/ui/sign-in")
token = re.search(rb'name="csrf" value="([0-9a-f]+)"', page).group(1).decode()
form_cookie = response.getheader("Set-Cookie").split(";")[0]
form = urllib.parse.urlencode({"csrf": token, "name": args.user, "password": args.password})
response, _ = request("POST", "/ui/sign-in", form, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": form_cookie})
assert response.status == 303, f"sign-in answered {response.status}"
cookie = {"Cookie": response.getheader("Set-Cookie").split(";")[0]}

_, assets = request("GET", "/ui/assets?sort=vulnerabilities", headers=cookie)
asset = re.search(rb'href="(/ui/asset\?key=[^"]+)"', assets).group(1).decode().replace("&amp;", "&")
_, alerts = request("GET", "/ui/alerts", headers=cookie)
alert = re.search(rb'href="(/ui/alert\?id=\d+)"', alerts).group(1).decode()
pages = [
    ("overview", "/ui"), ("assets", "/ui/assets"), ("assets by last seen", "/ui/assets?sort=last_seen"),
    ("assets, page 400", "/ui/assets?page=400"), ("assets, search", "/ui/assets?q=opcua-server"),
    ("assets, level and role", "/ui/assets?band=control&role=plc"), ("asset", asset), ("map", "/ui/map"),
    ("map, modbus", "/ui/map?protocol=modbus"), ("map, one zone", "/ui/map?zone=10.0.3.0%2F24"), ("alerts", "/ui/alerts"),
    ("alerts, critical", "/ui/alerts?level=critical"), ("alerts, every state", "/ui/alerts?state=all"), ("alerts, one address", "/ui/alerts?address=10.0.3.20&state=all"),
    ("alert", alert),
]
print(f"{'page':<24}{'median ms':>10}{'p95 ms':>9}{'max ms':>9}{'KiB':>7}")
worst = 0.0
for name, path in pages:
    times = []
    for _ in range(args.requests):
        t = time.perf_counter()
        response, body = request("GET", path, headers=cookie)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status == 200, f"{path} answered {response.status}"
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    worst = max(worst, p95)
    print(f"{name:<24}{statistics.median(times):>10.1f}{p95:>9.1f}{times[-1]:>9.1f}{len(body) / 1024:>7.0f}")
print(f"slowest page at the 95th percentile: {worst:.1f} ms (target: under 200 ms)")
