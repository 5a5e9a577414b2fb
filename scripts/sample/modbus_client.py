"""A Modbus/TCP client session (pymodbus): reads, writes, an exception and FC43/14."""
import sys
from pymodbus.client import ModbusTcpClient

c = ModbusTcpClient(sys.argv[1], port=int(sys.argv[2]))
c.connect()
c.read_holding_registers(0, 10, slave=1)
c.read_coils(0, 16, slave=1)
c.write_register(5, 1234, slave=1)
c.write_coil(3, True, slave=1)
c.read_holding_registers(5000, 2, slave=1)  # out of range: ILLEGAL_DATA_ADDRESS exception
c.read_device_information(read_code=1, object_id=0, slave=1)
c.read_device_information(read_code=2, object_id=0, slave=1)
c.close()
