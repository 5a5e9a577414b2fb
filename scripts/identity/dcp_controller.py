"""An engineering station commissioning PROFINET devices with pnio_dcp (PyPI), for
scripts/make-dcp-sample.sh: it identifies every device on the link, names the one that has
no name yet, and identifies again. Usage: dcp_controller.py OWN_IP"""
import sys

import pnio_dcp

dcp = pnio_dcp.DCP(sys.argv[1])
dcp.identify_all_timeout = 2
devices = dcp.identify_all()
for d in devices:
    print(f"found {d.MAC} name={d.name_of_station!r} ip={d.IP}")
for d in devices:
    if not d.name_of_station:
        dcp.set_name_of_station(d.MAC, "io-rack-7", store_permanent=True)
        print(f"named {d.MAC} io-rack-7")
for d in dcp.identify_all():
    print(f"found {d.MAC} name={d.name_of_station!r} ip={d.IP}")
