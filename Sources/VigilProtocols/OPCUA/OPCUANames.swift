/// Names for OPC UA numeric ids in namespace 0.
enum OPCUANames {
    /// Service request/response binary encoding ids, as Wireshark names them (generated from
    /// `tshark -G values`, field opcua.servicenodeid.numeric; the ids come from the OPC
    /// Foundation's NodeIds.csv).
    static let services = NumberedNames(OTRegistry.opcuaServices)

    static func service(_ id: UInt32) -> String? { services[id] }

    /// UserIdentityToken binary encoding ids (NodeIds.csv: AnonymousIdentityToken 319 has
    /// encoding 321, UserNameIdentityToken 322 → 324, X509IdentityToken 325 → 327,
    /// IssuedIdentityToken 938 → 940), named as ICSNPP's ext_obj_type_id_str writes them.
    static let identityTokens: [UInt32: String] = [
        321: "AnonymousIdentityToken", 324: "UserNameIdentityToken", 327: "X509IdentityToken", 940: "IssuedIdentityToken",
    ]

}
