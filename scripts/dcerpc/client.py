"""The client side of samples/dce-rpc.pcap: an engineering workstation that looks a service
up in the endpoint mapper, then installs and starts a service and registers and runs a
scheduled task, as remote-execution tools do, with impacket's client. Usage: client.py ADDRESS"""
import sys

from impacket.dcerpc.v5 import epm, scmr, transport, tsch
from impacket.uuid import uuidtup_to_bin

address = sys.argv[1]


def bound(port, uuid):
    dce = transport.DCERPCTransportFactory(f"ncacn_ip_tcp:{address}[{port}]").get_dce_rpc()
    dce.connect()
    dce.bind(uuid)
    return dce


def call(what):
    # The server's answers are stubs, not whole replies: the client reads what it can.
    try:
        what()
    except Exception:
        pass


dce = bound(135, epm.MSRPC_UUID_PORTMAP)
call(lambda: epm.hept_map(address, uuidtup_to_bin(("367ABB81-9844-35F1-AD32-98F038001003", "2.0")), dce=dce))
dce.disconnect()

dce = bound(49667, scmr.MSRPC_UUID_SCMR)
call(lambda: scmr.hROpenSCManagerW(dce))
handle = b"\x00" * 20
call(lambda: scmr.hRCreateServiceW(dce, handle, "updsvc\x00", "Update service\x00", lpBinaryPathName="C:\\tmp\\u.exe\x00"))
call(lambda: scmr.hRStartServiceW(dce, handle))
call(lambda: scmr.hRCloseServiceHandle(dce, handle))
# An operation the server does not serve: its answer is a fault, which dce_rpc.log skips.
call(lambda: scmr.hRDeleteService(dce, handle))
dce.disconnect()

dce = bound(49668, tsch.MSRPC_UUID_TSCHS)
call(lambda: tsch.hSchRpcRegisterTask(dce, "\\upd\x00", "<Task/>\x00", tsch.TASK_CREATE, tsch.NULL, tsch.TASK_LOGON_NONE))
call(lambda: tsch.hSchRpcRun(dce, "\\upd\x00"))
dce.disconnect()
print("done")
