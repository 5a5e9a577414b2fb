"""A Siemens S7 PLC stand-in: python-snap7's server, listening on ADDRESS:102 with one data block."""
import sys
import time

import snap7
from snap7.type import SrvArea

server = snap7.server.Server()
server.register_area(SrvArea.DB, 1, bytearray(64))
server.start_to(sys.argv[1], 102)
while True:
    time.sleep(1)
