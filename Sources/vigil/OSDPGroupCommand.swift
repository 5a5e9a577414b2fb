import ArgumentParser

struct OSDPGroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "osdp",
        abstract: "OSDP v2.2 with Secure Channel: a control panel, a reader emulator (peripheral device), a passive attack monitor.",
        discussion: """
            Events are printed on stdout as JSON lines; docs/OSDP.md lists every event and field. \
            Links run over TCP (--connect / --listen) or a serial line (--tty, 8N1 raw).
            """,
        subcommands: [OSDPControlPanelCommand.self, OSDPPeripheralCommand.self, OSDPMonitorCommand.self])
}
