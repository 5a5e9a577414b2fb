extension ConnectionUIDGenerator {
    /// A file's uid in Zeek's form ("F" and base62 text of 96 bits), computed from the uid of
    /// the connection that carried it and the file's number within that connection. As with
    /// flows' uids, a file gets the same uid whichever worker saw it, so runs on one core and
    /// on several write the same files.log.
    public static func fileUID(connection uid: String, number: Int) -> String {
        var h = mix(0xF11E_F11E ^ UInt64(number))
        for b in uid.utf8 { h = mix(h ^ UInt64(b)) }
        return ConnectionUIDBits(prefix: UInt8(ascii: "F"), high: mix(h ^ 0x5555_5555), low: mix(h ^ 0xAAAA_AAAA) & 0xFFFF_FFFF).text
    }
}
