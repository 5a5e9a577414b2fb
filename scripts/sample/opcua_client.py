"""An OPC UA client (asyncua) that asks a server for its endpoints and identity.

Usage: opcua_client.py URL. GetEndpoints, then a session that reads the BuildInfo variables
one by one and as a whole, and ServerStatus, as an HMI or inventory tool does.
"""
import asyncio
import sys

from asyncua import Client, ua

BUILD_INFO = 2260  # Server_ServerStatus_BuildInfo; 2261-2266 are its fields (NodeIds.csv)
SERVER_STATUS = 2256


async def main(url: str) -> None:
    client = Client(url)
    await client.connect_and_get_server_endpoints()
    async with client:
        fields = [client.get_node(ua.NodeId(i)) for i in range(BUILD_INFO + 1, BUILD_INFO + 7)]
        await client.read_values(fields)
        await client.get_node(ua.NodeId(BUILD_INFO)).read_value()
        await client.get_node(ua.NodeId(SERVER_STATUS)).read_value()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
