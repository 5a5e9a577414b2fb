"""Takes a building controller's point out of service and overrides it (bacpypes3 client):
WriteProperty out-of-service = true on analog-value 1, then present-value."""
import asyncio
import sys

from bacpypes3.argparse import SimpleArgumentParser
from bacpypes3.app import Application
from bacpypes3.pdu import Address
from bacpypes3.primitivedata import ObjectIdentifier


async def main():
    args = SimpleArgumentParser().parse_args(["--address", sys.argv[1] + "/24", "--instance", "999"])
    app = Application.from_args(args)
    target = Address(sys.argv[2])
    point = ObjectIdentifier("analog-value,1")
    for prop, value in (("out-of-service", True), ("present-value", 99.0)):
        try:
            await asyncio.wait_for(app.write_property(target, point, prop, value), 3)
            print(f"bacnet write {prop}: ok")
        except Exception as e:  # no device need answer for the request to be on the wire
            print(f"bacnet write {prop}: {type(e).__name__}")
    app.close()


asyncio.run(main())
