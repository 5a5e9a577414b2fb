"""opendnp3 (yadnp3's Python bindings) as both ends of a DNP3 link, for the restart sample.

  dnp3_restart.py outstation ADDRESS   an outstation (link address 10) on ADDRESS:20000, with
                                       a few points of each kind, that accepts cold and warm
                                       restarts; runs until killed.
  dnp3_restart.py master ADDRESS       a master (link address 1) that connects to ADDRESS:20000,
                                       reads every point (an integrity poll), then asks for a
                                       cold restart and a warm restart, printing each result.
"""

import sys
import threading
import time

import opendnp3 as dnp3

PORT = 20000
MASTER_ADDRESS = 1
OUTSTATION_ADDRESS = 10


class Outstation(dnp3.IOutstationApplication):
    """Accepts restarts: the outstation answers each with the time to wait (ms)."""

    def ColdRestartSupport(self):
        return dnp3.RestartMode.SUPPORTED_DELAY_FINE

    def WarmRestartSupport(self):
        return dnp3.RestartMode.SUPPORTED_DELAY_FINE

    def ColdRestart(self):
        print("outstation: cold restart asked", flush=True)
        return 5000

    def WarmRestart(self):
        print("outstation: warm restart asked", flush=True)
        return 1000


class Commands(dnp3.ICommandHandler):
    def Begin(self):
        pass

    def End(self):
        pass


class Readings(dnp3.ISOEHandler):
    def BeginFragment(self, info):
        pass

    def EndFragment(self, info):
        pass


class Master(dnp3.IMasterApplication):
    pass


def outstation(address):
    manager = dnp3.DNP3Manager(1)
    channel = manager.AddTCPServer(
        "server", dnp3.LogLevels.none(), dnp3.ServerAcceptMode.CloseExisting, dnp3.IPEndpoint(address, PORT), dnp3.IChannelListener()
    )
    config = dnp3.OutstationStackConfig(dnp3.DatabaseConfig(5))
    config.link.LocalAddr = OUTSTATION_ADDRESS
    config.link.RemoteAddr = MASTER_ADDRESS
    session = channel.AddOutstation("outstation", Commands(), Outstation(), config)
    session.Enable()
    print(f"outstation: listening on {address}:{PORT}", flush=True)
    while True:
        time.sleep(1)


def master(address):
    manager = dnp3.DNP3Manager(1)
    channel = manager.AddTCPClient(
        "client", dnp3.LogLevels.none(), dnp3.ChannelRetry.Default(), [dnp3.IPEndpoint(address, PORT)], "0.0.0.0", dnp3.IChannelListener()
    )
    config = dnp3.MasterStackConfig()
    config.link.LocalAddr = MASTER_ADDRESS
    config.link.RemoteAddr = OUTSTATION_ADDRESS
    session = channel.AddMaster("master", Readings(), Master(), config)
    session.Enable()
    time.sleep(2)  # the startup integrity poll
    for kind in (dnp3.RestartType.COLD, dnp3.RestartType.WARM):
        done = threading.Event()

        def report(result, kind=kind):
            print(f"master: {kind.name.lower()} restart: {result.summary}, wait {result.restartTime}", flush=True)
            done.set()

        session.Restart(kind, report)
        if not done.wait(10):
            sys.exit(f"master: no answer to the {kind.name.lower()} restart")
        time.sleep(1)
    session.Disable()
    manager.Shutdown()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("outstation", "master"):
        sys.exit(__doc__)
    (outstation if sys.argv[1] == "outstation" else master)(sys.argv[2])
