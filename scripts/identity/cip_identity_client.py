"""What an engineering tool or an asset scanner asks an EtherNet/IP device to learn what it is
(pycomm3): the Identity object (class 0x01, instance 1) read by explicit messaging three ways
(Get_Attributes_All sent straight to the device, Get_Attribute_Single of the product name,
attribute 7, and Get_Attributes_All routed through an Unconnected_Send to the backplane slot,
as RSLinx and pycomm3's get_module_info do), then ListIdentity, which says the same."""
import sys

from pycomm3 import CIPDriver, Services

address = sys.argv[1]
with CIPDriver(address) as driver:
    for name, service, attribute, routed in (
        ("identity (all attributes)", Services.get_attributes_all, b"", False),
        ("identity product name", Services.get_attribute_single, 7, False),
        ("identity via the backplane", Services.get_attributes_all, b"", True),
    ):
        result = driver.generic_message(
            service=service, class_code=0x01, instance=1, attribute=attribute, connected=False, unconnected_send=routed,
            route_path=routed, name=name)
        print(f"{name}: {result.error or result.value!r}")
    print("list identity:", driver.list_identity(address))
