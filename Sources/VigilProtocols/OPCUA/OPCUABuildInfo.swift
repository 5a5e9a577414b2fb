import VigilCore
import VigilEvents

/// BuildInfo (IEC 62541-5 §12.4): who made the server's software and which version it runs.
/// A client reads it whole (node i=2260), inside ServerStatus (i=2256), or field by field
/// (i=2261-2266); HMIs and inventory tools do so on connect.
struct OPCUABuildInfo {
    var productURI: String?
    var manufacturerName: String?
    var productName: String?
    var softwareVersion: String?
    var buildNumber: String?

    /// Binary encoding ids of BuildInfo and ServerStatusDataType (NodeIds.csv:
    /// BuildInfo_Encoding_DefaultBinary 340, ServerStatusDataType_Encoding_DefaultBinary 864).
    static let buildInfoEncoding: UInt32 = 340
    static let serverStatusEncoding: UInt32 = 864

    /// The field variables of Server_ServerStatus_BuildInfo (NodeIds.csv 2261-2265).
    enum FieldNode: UInt32 {
        case productName = 2261
        case productURI, manufacturerName, softwareVersion, buildNumber
    }

    /// BuildInfo's fields in order: ProductUri, ManufacturerName, ProductName, SoftwareVersion,
    /// BuildNumber (Strings), BuildDate (DateTime).
    static func read(_ r: inout OPCUAReader) -> OPCUABuildInfo? {
        guard let uri = r.byteString(), let maker = r.byteString(), let name = r.byteString(), let version = r.byteString(),
            let build = r.byteString(), r.dateTime() != nil
        else { return nil }
        return OPCUABuildInfo(
            productURI: uri.text, manufacturerName: maker.text, productName: name.text, softwareVersion: version.text,
            buildNumber: build.text)
    }

    /// The BuildInfo in an ExtensionObject that holds a BuildInfo, or a ServerStatusDataType
    /// (StartTime, CurrentTime, State, then BuildInfo; Part 5 §12.10).
    static func from(_ e: OPCUAExtensionObject) -> OPCUABuildInfo? {
        guard e.typeID.namespace ?? 0 == 0, let type = e.typeID.numeric, e.encoding == 0x01, let body = e.body else { return nil }
        return body.withUnsafeBytes { b -> OPCUABuildInfo? in
            var r = OPCUAReader(b)
            switch type {
            case buildInfoEncoding: return read(&r)
            case serverStatusEncoding:
                guard r.dateTime() != nil, r.dateTime() != nil, r.u32() != nil else { return nil }
                return read(&r)
            default: return nil
            }
        }
    }
}
