"""Records a libosdp CP <-> libosdp PD session over loopback TCP with a fixed SCBK, for the
Secure Channel known-answer tests (Tests/VigilAccessTests/Fixtures/libosdp-sc-session.jsonl).
The PD's trace is what is kept: every byte the CP sent (rx) and the PD answered (tx)."""
import sys
import threading
import time

import osdp

from libosdp_channels import tcp_accept, tcp_connect

SCBK = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
PORT = 47001


def main(out_path):
    trace = open(out_path, "w")
    pd_holder = {}

    def serve():
        ch, _ = tcp_accept("127.0.0.1", PORT, trace)
        pd_holder["ch"] = ch

    t = threading.Thread(target=serve)
    t.start()
    time.sleep(0.2)
    cp_ch, _ = tcp_connect("127.0.0.1", PORT)
    t.join()
    ident = osdp.PdId(version=1, model=2, vendor_code=0xA1B2C3, serial_number=0x01020304, firmware_version=0x010203)
    caps = osdp.PDCapabilities([
        (osdp.Capability.OutputControl, 1, 1),
        (osdp.Capability.LEDControl, 1, 1),
        (osdp.Capability.AudibleControl, 1, 1),
        (osdp.Capability.TextOutput, 1, 1),
    ])
    pd = osdp.PeripheralDevice(osdp.PDInfo(101, pd_holder["ch"], scbk=SCBK, id=ident), caps, log_level=osdp.LogLevel.Error)
    cp = osdp.ControlPanel([osdp.PDInfo(101, cp_ch, scbk=SCBK)], log_level=osdp.LogLevel.Error)
    pd.start()
    cp.start()
    assert cp.sc_wait(101, timeout=10), "secure channel did not come up"
    cp.submit_command(101, {"command": osdp.Command.LED, "reader": 0, "led_number": 0, "control_code": 1,
                            "on_count": 5, "off_count": 5, "on_color": osdp.CommandLEDColor.Red,
                            "off_color": osdp.CommandLEDColor.Black, "timer_count": 0, "temporary": False})
    assert pd.get_command(timeout=5) is not None
    pd.submit_event({"event": osdp.Event.CardRead, "reader_no": 1, "format": osdp.CardFormat.Wiegand,
                     "direction": 0, "data": bytes([0x5A, 0xC3, 0x81, 0x40]), "length": 26})
    assert cp.get_event(101, timeout=5) is not None
    time.sleep(0.3)
    cp.teardown()
    pd.teardown()
    trace.close()


if __name__ == "__main__":
    main(sys.argv[1])
