/// The values bound to a statement's placeholders, in order.
public struct StoreArguments: Sendable, ExpressibleByArrayLiteral {
    public var values: [StoreValue]

    public init(_ values: [(any StoreValueConvertible)?]) {
        self.values = values.map { $0?.storeValue ?? .null }
    }

    public init(arrayLiteral elements: (any StoreValueConvertible)?...) {
        self.init(elements)
    }
}
