"""Response checked with real packets and a real PLC (run by response_netns.sh).

Hosts: a = 10.91.1.2 (engineering station), b = 10.91.2.2 (PLC, pymodbus on 502),
c = 10.91.3.2 (intruder), all routed through the gateway namespace where `vigil enforce`
applies the hub's rulesets with nft. Each step asks the hub's API for an action, approves it,
and checks what packets (and the PLC's registers) do; every step prints one line.
"""
import argparse
import json
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request

from pymodbus.client import ModbusTcpClient

A, B, C = "10.91.1.2", "10.91.2.2", "10.91.3.2"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--authority", required=True)
    p.add_argument("--hub-dir", required=True)
    p.add_argument("--vigil", required=True)
    p.add_argument("--enforce-log", required=True)
    args = p.parse_args()
    hub = Hub(args)
    passed = []

    def step(name, fn):
        fn()
        passed.append(name)
        print(f"  ok  {name}", flush=True)

    wait_for(lambda: "Applied ruleset version" in open(args.enforce_log).read(), 20, "the enforcer's first ruleset")
    step("before any action, a, b and c reach each other", lambda: (
        expect_reach("vr-a", B, True), expect_reach("vr-c", B, True), expect_tcp("vr-a", B, 502, True)))

    def pair_block_expires():
        action = hub.request("analyst", {"kind": "block-pair", "address": A, "peer": B, "duration": 6, "reason": "check"})
        assert action["state"] == "pending", action
        expect_reach("vr-a", B, True)  # not in force until approved
        started = time.monotonic()
        hub.decide(action["id"], "approve")
        applied = wait_for(lambda: hub.action(action["id"]).get("applied"), 10, "the block to be applied")
        took = time.monotonic() - started
        expect_reach("vr-a", B, False)
        expect_tcp("vr-a", B, 502, False)
        expect_reach("vr-c", B, True)  # only the pair is cut
        print(f"      approval to applied on the gateway: {took * 1000:.0f} ms", flush=True)
        # The kernel drops the element when its timeout runs out, without the hub.
        wait_for(lambda: reaches("vr-a", B), 12, "the pair block to lapse in the kernel")
        wait_for(lambda: hub.action(action["id"])["state"] == "expired", 10, "the hub to mark it expired")
        assert applied

    step("an approved block-pair stops a<->b (real packets), leaves c<->b, and expires on its own", pair_block_expires)

    def host_block_rolls_back():
        action = hub.request("analyst", {"kind": "block-host", "address": C, "duration": 600})
        hub.decide(action["id"], "approve")
        wait_for(lambda: hub.action(action["id"]).get("applied"), 10, "the block to be applied")
        expect_reach("vr-c", B, False)
        expect_reach("vr-c", A, False)
        expect_reach("vr-a", B, True)
        rolled = hub.post(f"/api/v1/actions/{action['id']}/rollback", "analyst", {"note": "false positive"})
        assert rolled["state"] == "rolled-back", rolled
        wait_for(lambda: reaches("vr-c", B), 10, "traffic to flow again after the rollback")

    step("an approved block-host cuts c off from everyone, and a rollback lets it through again", host_block_rolls_back)

    def rejected_does_nothing():
        action = hub.request("analyst", {"kind": "block-host", "address": A})
        rejected = hub.decide(action["id"], "reject", note="the station is ours")
        assert rejected["state"] == "rejected", rejected
        time.sleep(1)
        expect_reach("vr-a", B, True)
        try:
            hub.decide(action["id"], "approve")
            raise AssertionError("a rejected action was approved")
        except urllib.error.HTTPError as error:
            assert error.code == 409, error.code

    step("a rejected action is never applied, and cannot be approved after", rejected_does_nothing)

    def analyst_cannot_approve():
        action = hub.request("analyst", {"kind": "block-host", "address": A})
        try:
            hub.post(f"/api/v1/actions/{action['id']}/approve", "analyst", {})
            raise AssertionError("an analyst approved an action")
        except urllib.error.HTTPError as error:
            assert error.code == 403, error.code
        hub.decide(action["id"], "reject")

    step("an analyst may ask for an action but not approve it", analyst_cannot_approve)

    def quarantine_keeps_known_peers():
        action = hub.request("analyst", {"kind": "quarantine", "address": B, "allowed": [A], "duration": 600})
        hub.decide(action["id"], "approve")
        wait_for(lambda: hub.action(action["id"]).get("applied"), 10, "the quarantine to be applied")
        expect_tcp("vr-a", B, 502, True)
        expect_reach("vr-c", B, False)
        hub.post(f"/api/v1/actions/{action['id']}/rollback", "analyst", {})
        wait_for(lambda: reaches("vr-c", B), 10, "the quarantine to be lifted")

    step("a quarantined PLC keeps its known peer (a) and loses everyone else (c)", quarantine_keeps_known_peers)

    def rate_limit():
        action = hub.request("analyst", {"kind": "rate-limit", "address": C, "rate": 2, "duration": 600})
        hub.decide(action["id"], "approve")
        wait_for(lambda: hub.action(action["id"]).get("applied"), 10, "the rate limit to be applied")
        got = flood("vr-c", B, 40)
        assert got < 20, f"{got} of 40 fast pings answered under a 2/s limit"
        hub.post(f"/api/v1/actions/{action['id']}/rollback", "analyst", {})
        wait_for(lambda: flood("vr-c", B, 40) > 35, 10, "the rate limit to be lifted")

    step("a rate-limit of 2 packets/s lets through fewer than half of 40 fast pings", rate_limit)

    def restore():
        # The intruder writes the PLC's setpoint; the sensor on the gateway sees it, its rule
        # raises an alert, the hub's playbook asks for a restore, the engineer approves, and the
        # enforcer writes the good value back and reads it again.
        assert run_in("vr-c", [sys.executable, "-c", tamper_script(B)]) == 0, "the intruder's write failed"
        assert read_register("vr-a", 5) == 1234, "the tampered value is not there"
        asked = wait_for(lambda: [a for a in hub.get("/api/v1/actions?state=pending", "admin")["items"]
                                  if a.get("playbook") == "restore-test-plc"], 20, "the sensor's alert to ask for a restore")
        action = asked[0]
        assert action["alert"] and action["register"]["value"] == 5, action
        time.sleep(1)
        assert read_register("vr-a", 5) == 1234, "restored before approval"
        hub.decide(action["id"], "approve", note="the engineer agrees")
        done = wait_for(lambda: hub.action(action["id"])["state"] in ("done", "failed") and hub.action(action["id"]), 15,
                        "the restore to be reported")
        assert done["state"] == "done", done
        assert read_register("vr-a", 5) == 5, "the register does not hold the restored value"

    step("a register the intruder wrote raises an alert from the sensor, and after approval the enforcer writes the "
         "good value back and reads it equal", restore)

    def audited():
        entries = hub.get("/api/v1/audit/entries", "admin")
        actions = {e["action"] for e in entries}
        for needed in ("action-request", "action-approve", "action-reject", "ruleset-applied", "action-expire",
                       "action-rollback", "restore-verified"):
            assert needed in actions, f"no {needed} in the audit log"
        check = subprocess.run([args.vigil, "hub", "audit", "verify", "--dir", args.hub_dir], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr

    step("every request, approval, rejection, application, expiry, rollback and restore is in the audit log, "
         "which verifies", audited)

    def flood_is_cut_off():
        # The intruder floods the PLC with 60 register writes; the sensor on the gateway raises
        # "Modbus register write flood" while it goes on, and the shipped playbook
        # block-modbus-write-flood cuts c from b at once, without an approval.
        script = ("from pymodbus.client import ModbusTcpClient\n"
                  f"c = ModbusTcpClient('{B}', port=502); c.connect()\n"
                  "for i in range(60): c.write_register(10 + i % 20, i, slave=1)\n")
        assert run_in("vr-c", [sys.executable, "-c", script]) == 0, "the intruder's flood failed"
        found = wait_for(lambda: [a for a in hub.get("/api/v1/actions?state=active", "admin")["items"]
                                  if a.get("playbook") == "block-modbus-write-flood" and a.get("applied")], 20,
                         "the flood's automatic block to be applied")
        assert found[0]["address"] == C and found[0]["peer"] == B, found
        expect_reach("vr-c", B, False)
        expect_tcp("vr-c", B, 502, False)
        expect_reach("vr-a", B, True)
        expect_reach("vr-c", A, True)
        hub.post(f"/api/v1/actions/{found[0]['id']}/rollback", "analyst", {"note": "end of the check"})
        wait_for(lambda: reaches("vr-c", B), 10, "the playbook's block to be rolled back")

    step("a write flood seen by the sensor is answered by an automatic playbook: the gateway cuts c from b at once",
         flood_is_cut_off)

    def ruleset_checks():
        text = hub.get_text("/api/v1/ruleset", "analyst")
        assert run_in("vr-gw", ["nft", "-c", "-f", "-"], text) == 0, "nft -c refused the hub's ruleset"

    step("the hub's ruleset passes nft -c", ruleset_checks)
    print(f"Response: {len(passed)}/{len(passed)} checks passed with real traffic through the gateway")


def tamper_script(host):
    return ("from pymodbus.client import ModbusTcpClient\n"
            f"c = ModbusTcpClient('{host}', port=502); c.connect()\n"
            "r = c.write_register(5, 1234, slave=1)\n"
            "raise SystemExit(1 if r.isError() else 0)\n")


def read_register(namespace, address):
    script = ("from pymodbus.client import ModbusTcpClient\n"
              f"c = ModbusTcpClient('{B}', port=502); c.connect()\n"
              f"r = c.read_holding_registers({address}, 1, slave=1)\n"
              "print(r.registers[0])\n")
    out = subprocess.run(["ip", "netns", "exec", namespace, sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return int(out.stdout.strip())


def run_in(namespace, command, stdin=None):
    return subprocess.run(["ip", "netns", "exec", namespace] + command, input=stdin, capture_output=True, text=True).returncode


def reaches(namespace, host):
    return run_in(namespace, ["ping", "-c", "1", "-W", "1", host]) == 0


def expect_reach(namespace, host, wanted):
    got = reaches(namespace, host)
    assert got == wanted, f"ping from {namespace} to {host}: {'answered' if got else 'no answer'}"


def expect_tcp(namespace, host, port, wanted):
    script = f"import socket; socket.create_connection(('{host}', {port}), 1).close()"
    got = run_in(namespace, [sys.executable, "-c", script]) == 0
    assert got == wanted, f"TCP from {namespace} to {host}:{port}: {'connected' if got else 'no connection'}"


def flood(namespace, host, count):
    """Pings answered of `count` sent 10 ms apart."""
    out = subprocess.run(["ip", "netns", "exec", namespace, "ping", "-c", str(count), "-i", "0.01", "-W", "1", host],
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        if "received" in line:
            return int(line.split(",")[1].split()[0])
    return 0


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


class Hub:
    def __init__(self, args):
        self.url = args.url
        self.context = ssl.create_default_context(cafile=args.authority)
        self.tokens = {}
        for role in ("analyst", "admin"):
            out = subprocess.run([args.vigil, "hub", "token", "--dir", args.hub_dir, f"check-{role}", "--role", role],
                                 capture_output=True, text=True, check=True)
            self.tokens[role] = out.stdout.strip().splitlines()[-1]

    def call(self, method, path, role, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.tokens[role]}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, context=self.context, timeout=30) as answer:
            return answer.read()

    def get(self, path, role):
        return json.loads(self.call("GET", path, role))

    def get_text(self, path, role):
        return self.call("GET", path, role).decode()

    def post(self, path, role, body):
        return json.loads(self.call("POST", path, role, body))

    def request(self, role, body):
        return self.post("/api/v1/actions", role, body)

    def decide(self, action, verb, note=""):
        return self.post(f"/api/v1/actions/{action}/{verb}", "admin", {"note": note} if note else {})

    def action(self, action):
        return self.get(f"/api/v1/actions/{action}", "admin")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
