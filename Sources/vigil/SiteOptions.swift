import ArgumentParser
import VigilCore

/// Which networks are the site's own, for `analyze` and `sensor`: conn.log's local_orig and
/// local_resp (Zeek's Site::local_nets).
struct SiteOptions: ParsableArguments {
    @Option(
        name: .customLong("local-nets"),
        help: ArgumentHelp(
            "Networks that are local, comma-separated (10.20.0.0/16,192.0.2.7), added to the private address space.",
            valueName: "networks"))
    var localNets = ""

    @Flag(
        help:
            "Count only --local-nets as local, not also private address space (RFC 1918, loopback, link local, ...), which Zeek 7 counts by default."
    )
    var noPrivateLocal = false

    /// A bad entry is refused before any capture is read.
    func validate() throws { _ = try localNetworks() }

    func localNetworks() throws -> LocalNetworks {
        do {
            return try LocalNetworks.parse(localNets, privateIsLocal: !noPrivateLocal)
        } catch let e as VigilError {
            throw ValidationError(e.message)
        }
    }
}
