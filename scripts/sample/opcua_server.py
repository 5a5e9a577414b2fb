"""An OPC UA server (asyncua) that states who it is: BuildInfo and an application name.

Usage: opcua_server.py HOST PORT. Security policy None, anonymous sessions allowed: the kind
of server a city's building or tram depot gateway often is, and what Vigil flags.
"""
import asyncio
import datetime
import sys

from asyncua import Server, ua


async def main(host: str, port: int) -> None:
    server = Server()
    await server.init()
    server.set_endpoint(f"opc.tcp://{host}:{port}/depot/")
    server.set_server_name("Tram Depot Gateway")
    server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
    await server.set_build_info(
        product_uri="urn:vigil-sample:tramgate",
        manufacturer_name="Vigil Sample Works",
        product_name="TramGate 3000",
        software_version="4.2.1",
        build_number="4217",
        build_date=datetime.datetime(2026, 1, 15, tzinfo=datetime.timezone.utc),
    )
    ns = await server.register_namespace("urn:vigil-sample:depot")
    depot = await server.nodes.objects.add_object(ns, "Depot")
    await depot.add_variable(ns, "TractionVoltage", 750.0)
    async with server:
        while True:
            await asyncio.sleep(1)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
