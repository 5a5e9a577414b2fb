"""A controlled station (c104): common address 47 with a breaker (single command at IOA 16)."""
import sys
import time

import c104

server = c104.Server(ip=sys.argv[1], port=2404)
station = server.add_station(common_address=47)
station.add_point(io_address=11, type=c104.Type.M_SP_NA_1)
station.add_point(io_address=16, type=c104.Type.C_SC_NA_1)
server.start()
while True:
    time.sleep(1)
