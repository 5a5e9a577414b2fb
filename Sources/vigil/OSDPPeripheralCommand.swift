import ArgumentParser
import VigilAccess
import VigilOSDP

struct OSDPPeripheralCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pd",
        abstract: "Emulate an OSDP reader (peripheral device) for tests and labs.",
        discussion: """
            Prints each command received as a JSON line ({"event":"command","command":"led",…}; \
            POLLs are not printed) plus sc_up, sc_down, sc_failed, nak_sent and key_installed. \
            Reads input for the reader on stdin, one JSON object per line:
              {"card":"5ac38140","bits":26}     a card read (Wiegand bits; "format":"raw" for raw)
              {"keypad":"1234#"}                keypad entry
              {"tamper":true} {"power_failure":false}
            Each is sent in answer to the next POLL.
            """)

    @Option(help: "Listen for the control panel on HOST:PORT (accepts the next CP when one disconnects).")
    var listen: String?

    @Option(help: "Serial device (RS-485 adapter, USB-serial, pty).")
    var tty: String?

    @Option(help: "Serial baud rate.")
    var baud: Int = 9600

    @Option(help: "This reader's address, 0-126.")
    var address: UInt8

    @Option(
        help: "Secure Channel Base Key, 32 hex digits. Without it (and without --install-mode) the PD reports no Secure Channel support.")
    var scbk: String?

    @Flag(help: "Accept one Secure Channel handshake keyed with SCBK-D so a CP can install an SCBK.")
    var installMode = false

    @Flag(help: "Refuse every command but POLL, ID and CAP outside the Secure Channel.")
    var enforceSecure = false

    func validate() throws {
        guard (listen == nil) != (tty == nil) else { throw ValidationError("give exactly one of --listen HOST:PORT or --tty DEVICE") }
        guard address <= 126 else { throw ValidationError("--address must be 0-126 (127 is broadcast)") }
        if let scbk, OSDPKey(hex: scbk) == nil { throw ValidationError("--scbk must be 32 hex digits (16 bytes)") }
        if enforceSecure && scbk == nil && !installMode { throw ValidationError("--enforce-secure needs --scbk or --install-mode") }
    }

    func run() throws {
        let device = OSDPPeripheralDevice(
            configuration: OSDPPeripheralConfiguration(
                address: address, scbk: scbk.flatMap(OSDPKey.init(hex:)), installMode: installMode, enforceSecure: enforceSecure))
        try OSDPLink.run(driver: device, connect: nil, listen: listen, tty: tty, baud: baud)
    }
}
