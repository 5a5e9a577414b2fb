import VigilCore
import VigilEvents

/// What a multicast DNS responder says of itself (RFC 6762, DNS-SD RFC 6763): the host names
/// its address records claim, the service instances it offers ("Tram Stop 12
/// Camera._rtsp._tcp.local"), and the model and maker its TXT records state. Cameras,
/// printers, gateways and displays announce themselves this way when they join a network.
enum MulticastDNSIdentity {
    /// TXT keys that name the device (RFC 6763 §6 leaves keys to each service; these are the
    /// ones device makers use: AirPlay and Google Cast `md`, IPP printers `ty`, `usb_MFG` and
    /// `usb_MDL`, ONVIF-style `model` and `manufacturer`).
    static let modelKeys: Set<String> = ["md", "model", "ty", "usb_mdl", "product"]
    static let vendorKeys: Set<String> = ["manufacturer", "mfg", "usb_mfg", "vendor"]
    /// Service types (RFC 6335's registry names) that say what kind of device offers them.
    static let serviceRoles: [String: String] = [
        "_rtsp._tcp": "rtsp_server", "_ipp._tcp": "printer", "_ipps._tcp": "printer", "_printer._tcp": "printer",
        "_pdl-datastream._tcp": "printer", "_opcua-tcp._tcp": "opcua_server", "_mqtt._tcp": "mqtt_broker",
        "_coap._udp": "coap_server",
    ]

    static func report(_ msg: DNSMessage, from sender: IPAddress, context: FlowContext) {
        context.sink.emit(.role(host: sender, role: "mdns_responder"))
        for r in msg.answers + msg.additionals {
            switch r.type {
            case 1, 28:
                if let address = r.address, !r.name.isEmpty {
                    context.sink.emit(.hostname(host: address, name: r.name, evidence: "mdns address record"))
                }
            case 33:
                if let (instance, service) = instanceName(r.name) {
                    context.sink.emit(
                        .identity(host: sender, field: .name, value: instance, evidence: "mdns service instance (\(service))"))
                    if let role = serviceRoles[service] { context.sink.emit(.role(host: sender, role: role)) }
                }
            case 16:
                for kv in r.strings {
                    guard let eq = kv.firstIndex(of: "=") else { continue }
                    let key = kv[..<eq].lowercased()
                    let value = String(kv[kv.index(after: eq)...])
                    guard !value.isEmpty else { continue }
                    if modelKeys.contains(key) {
                        context.sink.emit(.identity(host: sender, field: .model, value: value, evidence: "mdns TXT \(kv[..<eq])"))
                    } else if vendorKeys.contains(key) {
                        context.sink.emit(.identity(host: sender, field: .vendor, value: value, evidence: "mdns TXT \(kv[..<eq])"))
                    }
                }
            default: break
            }
        }
    }

    /// "Instance._service._proto.local" → ("Instance", "_service._proto"): the instance is
    /// everything before the service's two underscore labels (it may hold dots itself).
    static func instanceName(_ name: String) -> (String, String)? {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard let s = labels.firstIndex(where: { $0.hasPrefix("_") }), s > 0, s + 1 < labels.count, labels[s + 1].hasPrefix("_")
        else { return nil }
        return (labels[..<s].joined(separator: "."), "\(labels[s]).\(labels[s + 1])")
    }
}
