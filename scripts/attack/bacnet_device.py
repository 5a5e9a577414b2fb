"""A BACnet building controller (bacpypes3) with one analog value, answering at ADDRESS."""
import asyncio
import sys

from bacpypes3.argparse import SimpleArgumentParser
from bacpypes3.app import Application
from bacpypes3.local.analog import AnalogValueObject


async def main():
    args = SimpleArgumentParser().parse_args(["--address", sys.argv[1] + "/24", "--instance", "1001", "--name", "ahu-3"])
    app = Application.from_args(args)
    app.add_object(AnalogValueObject(objectIdentifier=("analog-value", 1), objectName="supply-temp-setpoint", presentValue=21.0,
                                     statusFlags=[0, 0, 0, 0], outOfService=False, units="degreesCelsius"))
    await asyncio.Future()


asyncio.run(main())
