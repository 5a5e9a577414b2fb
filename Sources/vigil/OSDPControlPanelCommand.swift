import ArgumentParser
import VigilAccess
import VigilOSDP

#if canImport(Glibc)
    import Glibc
#endif

struct OSDPControlPanelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cp",
        abstract: "Run an OSDP control panel: poll readers, print their events, send commands read from stdin.",
        discussion: """
            Commands on stdin, one JSON object per line, for example:
              {"command":"led","reader":0,"led":0,"color":"red","on_ms":500,"off_ms":500}
              {"command":"buzzer","reader":0,"on_ms":100,"off_ms":100,"count":2}
              {"command":"output","output":0,"action":"pulse_on","timer_ms":3000}
              {"command":"text","reader":0,"text":"WELCOME"}
              {"command":"comset","new_address":2,"baud_rate":115200}
              {"command":"keyset","key":"<32 hex digits>"}
              {"command":"mfg","vendor":"0a0b0c","data":"0102"}
            Add "address":N to pick a PD when several are polled. Events (JSON lines on stdout): \
            pd_online, pd_offline, sc_up, sc_down, sc_failed, card_read, keypad, tamper, power, nak, \
            pdid, pdcap, command_done and more (docs/OSDP.md).
            """)

    @Option(help: "Connect to a PD (or a serial-over-TCP bridge) at HOST:PORT.")
    var connect: String?

    @Option(help: "Serial device (RS-485 adapter, USB-serial, pty).")
    var tty: String?

    @Option(help: "Serial baud rate.")
    var baud: Int = 9600

    @Option(help: "PD address 0-126; repeat to poll several PDs on one bus.")
    var address: [UInt8] = []

    @Option(help: "Secure Channel Base Key, 32 hex digits. Without it the link runs in the clear.")
    var scbk: String?

    @Flag(help: "Fail closed: hold PDs offline unless the Secure Channel is up; never use SCBK-D.")
    var enforceSecure = false

    @Flag(help: "Provisioning: set up the Secure Channel with SCBK-D and install --scbk with KEYSET.")
    var installMode = false

    @Option(help: "Milliseconds between POLLs of an idle PD (0: poll as fast as the PD answers).")
    var pollMs: Int = 50

    @Option(help: "Stop after this many seconds (default: run until interrupted). A stats event per PD is printed on exit.")
    var duration: Int?

    func validate() throws {
        guard (connect == nil) != (tty == nil) else { throw ValidationError("give exactly one of --connect HOST:PORT or --tty DEVICE") }
        guard !address.isEmpty else { throw ValidationError("--address N is required (0-126)") }
        guard address.allSatisfy({ $0 <= 126 }) else { throw ValidationError("--address must be 0-126 (127 is broadcast)") }
        if let scbk, OSDPKey(hex: scbk) == nil { throw ValidationError("--scbk must be 32 hex digits (16 bytes)") }
        if enforceSecure && scbk == nil { throw ValidationError("--enforce-secure needs --scbk") }
        if installMode && scbk == nil { throw ValidationError("--install-mode needs --scbk (the key to install)") }
        if installMode && enforceSecure { throw ValidationError("--install-mode uses SCBK-D, which --enforce-secure forbids") }
    }

    func run() throws {
        let panel = OSDPControlPanel(
            configuration: OSDPControlPanelConfiguration(
                addresses: address, scbk: scbk.flatMap(OSDPKey.init(hex:)), enforceSecure: enforceSecure,
                installMode: installMode, pollIntervalMilliseconds: max(0, pollMs)))
        if let duration, duration > 0 {
            signal(SIGALRM) { _ in LinkStopFlag.requested = 1 }
            alarm(UInt32(duration))
        }
        try OSDPLink.run(driver: panel, connect: connect, listen: nil, tty: tty, baud: baud)
    }
}
