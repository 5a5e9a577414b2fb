"""The server side of samples/dce-rpc.pcap: impacket's DCERPCServer, one per interface, on
the address given. It answers every request of the operations it lists with a short stub; a
call it does not list gets a fault. Usage: server.py ADDRESS"""
import sys
import threading

from impacket.dcerpc.v5 import epm, scmr, tsch
from impacket.dcerpc.v5.rpcrt import DCERPCServer
from impacket.uuid import bin_to_uuidtup

address = sys.argv[1]


def answer(_stub):
    # A context handle's 20 bytes and a status of 0: enough for the client to go on.
    return b"\x00" * 24


# Interface, the port it listens on, the operations it answers.
services = [
    (epm.MSRPC_UUID_PORTMAP, 135, [3]),  # the endpoint mapper: ept_map
    (scmr.MSRPC_UUID_SCMR, 49667, [0, 12, 15, 16, 19]),  # svcctl: close, create, open, start
    (tsch.MSRPC_UUID_TSCHS, 49668, [1, 12]),  # ITaskSchedulerService: register, run
]

threads = []
for uuid, port, opnums in services:
    server = DCERPCServer()
    server.setListenAddress(address)
    server.setListenPort(port)
    server.addCallbacks(bin_to_uuidtup(uuid), str(port), {n: answer for n in opnums})
    server.daemon = True
    server.start()
    threads.append(server)
print("listening", flush=True)
threading.Event().wait()
