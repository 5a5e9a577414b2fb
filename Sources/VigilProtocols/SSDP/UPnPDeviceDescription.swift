import VigilCore

/// The root device of a UPnP device description (UPnP Device Architecture 2.0 §2.3): the XML
/// a device serves at the LOCATION its SSDP messages give, naming its maker, model, model
/// number, serial number and friendly name. Read by element name, not by a full XML parser:
/// the root device's elements come before any embedded device's (§2.3, `deviceList` follows
/// them), so the first of each name is the root's.
struct UPnPDeviceDescription: Equatable {
    var deviceType: String?
    var friendlyName: String?
    var manufacturer: String?
    var modelDescription: String?
    var modelName: String?
    var modelNumber: String?
    var serialNumber: String?

    /// The description in `xml`, or nil when it is not one (no `urn:schemas-upnp-org:device-1-0`
    /// root, or no `device` element).
    static func parse(_ xml: [UInt8]) -> UPnPDeviceDescription? {
        let text = String(decoding: xml, as: UTF8.self)
        guard text.contains("urn:schemas-upnp-org:device-1-0"), let device = text.range(of: "<device>") else { return nil }
        let body = text[device.upperBound...]
        // Embedded devices start at the first deviceList; the root's own elements come before it.
        let root = body.range(of: "<deviceList>").map { body[..<$0.lowerBound] } ?? body
        func element(_ name: String) -> String? {
            guard let open = root.range(of: "<\(name)>"), let close = root[open.upperBound...].range(of: "</\(name)>") else { return nil }
            let value = unescape(String(root[open.upperBound..<close.lowerBound])).trimmingCharacters(in: " \t\r\n")
            return value.isEmpty ? nil : BytesText.text(Array(value.utf8))
        }
        return UPnPDeviceDescription(
            deviceType: element("deviceType"), friendlyName: element("friendlyName"), manufacturer: element("manufacturer"),
            modelDescription: element("modelDescription"), modelName: element("modelName"), modelNumber: element("modelNumber"),
            serialNumber: element("serialNumber"))
    }

    /// XML's predefined entities and character references (XML 1.0 §4.1, §4.6).
    static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                out += rest[amp...]
                return out
            }
            let name = rest[rest.index(after: amp)..<semi]
            switch name {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let code =
                    name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16) : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
                if let code, let scalar = Unicode.Scalar(code) { out.unicodeScalars.append(scalar) } else { out += rest[amp...semi] }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
