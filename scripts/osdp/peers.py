"""libosdp endpoints shared by the OSDP interop matrix and the attack cells."""
import osdp

from vigil_process import ADDRESS, CARD, VigilProcess  # noqa: F401 (re-exported for the cells)


def libosdp_pd(channel, scbk, flags=()):
    ident = osdp.PdId(version=1, model=2, vendor_code=0xA1B2C3, serial_number=0x01020304, firmware_version=0x010203)
    caps = osdp.PDCapabilities([(osdp.Capability.OutputControl, 1, 1), (osdp.Capability.LEDControl, 1, 1),
                                (osdp.Capability.AudibleControl, 1, 1), (osdp.Capability.TextOutput, 1, 1)])
    pd = osdp.PeripheralDevice(osdp.PDInfo(ADDRESS, channel, scbk=scbk, id=ident, flags=list(flags)), caps,
                               log_level=osdp.LogLevel.Emergency)
    pd.start()
    return pd


def libosdp_cp(channel, scbk, flags=()):
    cp = osdp.ControlPanel([osdp.PDInfo(ADDRESS, channel, scbk=scbk, flags=list(flags))], log_level=osdp.LogLevel.Emergency)
    cp.start()
    return cp
