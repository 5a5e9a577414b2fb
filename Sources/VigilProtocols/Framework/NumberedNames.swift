import VigilCore

/// A registry of numbered names (vendor ids, device types) parsed on first use from a
/// generated "number<TAB>name" text blob.
///
/// Numbers below `denseLimit` are held in an array: BACnet names an object type and a
/// property on every bacnet_property row, and hashing for each showed in bench/run.sh's profile.
/// Each name is also kept as a `LogName` over one buffer this registry owns, so rows copy it
/// without escaping it again.
public final class NumberedNames: Sendable {
    let dense: [String?]
    let sparse: [UInt32: String]
    let denseNames: [LogName?]
    let sparseNames: [UInt32: LogName]
    /// The text of every name, which the `LogName`s point into; freed with the registry.
    private nonisolated(unsafe) let nameText: UnsafeMutableRawBufferPointer
    static let denseLimit: UInt32 = 4096

    public convenience init(_ text: String) {
        var entries: [(key: UInt32, name: String)] = []
        RegistryText.forEachEntry(text) { digits, name in
            guard let key = RegistryText.number(digits, radix: 10) else { return }
            entries.append((key, name))
        }
        self.init(entries: entries)
    }

    public init(entries: [(key: UInt32, name: String)]) {
        let denseCount = Int(entries.lazy.map(\.key).filter { $0 < Self.denseLimit }.max().map { $0 + 1 } ?? 0)
        var dense = [String?](repeating: nil, count: denseCount)
        var denseNames = [LogName?](repeating: nil, count: denseCount)
        var sparse: [UInt32: String] = [:]
        var sparseNames: [UInt32: LogName] = [:]
        let nameText = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(1, entries.reduce(0) { $0 + $1.name.utf8.count }), alignment: 1)
        var used = 0
        for (key, name) in entries {
            let bytes = UnsafeMutableRawBufferPointer(rebasing: nameText[used..<used + name.utf8.count])
            _ = bytes.initializeMemory(as: UInt8.self, from: name.utf8)
            used += bytes.count
            let logName = LogName(stored: UnsafeRawBufferPointer(bytes))
            if key < Self.denseLimit {
                dense[Int(key)] = name
                denseNames[Int(key)] = logName
            } else {
                sparse[key] = name
                sparseNames[key] = logName
            }
        }
        self.dense = dense
        self.sparse = sparse
        self.denseNames = denseNames
        self.sparseNames = sparseNames
        self.nameText = nameText
    }

    deinit { nameText.deallocate() }

    public subscript(_ key: UInt32) -> String? { key < dense.count ? dense[Int(key)] : sparse[key] }

    /// The name of `key` when it needs no escaping in a log.
    @inline(__always) public func logName(_ key: UInt32) -> LogName? {
        key < denseNames.count ? denseNames[Int(key)] : sparseNames[key]
    }

    /// The name of `key` as a log field: a `LogName` when it needs no escaping, else its
    /// String, else `unknown()`.
    public func field(_ key: UInt32, unknown: () -> String) -> LogValue {
        if let name = logName(key) { return .name(name) }
        return .string(self[key] ?? unknown())
    }

    public static let cipVendors = NumberedNames(OTRegistry.cipVendors)
    public static let cipDeviceTypes = NumberedNames(OTRegistry.cipDeviceTypes)
    public static let bacnetVendors = NumberedNames(OTRegistry.bacnetVendors)
}
