"""A Modbus/TCP server (pymodbus) with device identification, for the bundled sample."""
import sys
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.device import ModbusDeviceIdentification
from pymodbus.server import StartTcpServer

identity = ModbusDeviceIdentification(info_name={
    "VendorName": "Vigil Lab Pumps",
    "ProductCode": "VLP-100",
    "MajorMinorRevision": "2.4.1",
    "VendorUrl": "http://pumps.example",
    "ProductName": "Lift Station Controller",
    "ModelName": "LSC-4",
    "UserApplicationName": "north-pump-station",
})
store = ModbusSlaveContext(hr=ModbusSequentialDataBlock(0, list(range(100))),
                           co=ModbusSequentialDataBlock(0, [1, 0] * 50))
StartTcpServer(context=ModbusServerContext(slaves=store, single=True), identity=identity,
               address=(sys.argv[1], int(sys.argv[2])))
