import Foundation

/// One value as the hub's store holds it, whichever database holds it: the five kinds SQLite
/// stores, which PostgreSQL's columns here (bigint, double precision, text, bytea) map onto.
public enum StoreValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A Swift type the store reads and writes. Reading is lenient across the numeric kinds, since
/// SQLite may return an integer for a REAL column that holds a whole number and PostgreSQL
/// returns numeric text for some sums.
public protocol StoreValueConvertible: Sendable {
    var storeValue: StoreValue { get }
    static func fromStoreValue(_ value: StoreValue) -> Self?
}

extension Int64: StoreValueConvertible {
    public var storeValue: StoreValue { .integer(self) }
    public static func fromStoreValue(_ value: StoreValue) -> Int64? {
        switch value {
        case .integer(let v): v
        case .real(let v): v.isFinite ? Int64(exactly: v.rounded(.towardZero)) : nil
        case .text(let v): Int64(v) ?? Double(v).flatMap { $0.isFinite ? Int64(exactly: $0.rounded(.towardZero)) : nil }
        case .null, .blob: nil
        }
    }
}

extension Int: StoreValueConvertible {
    public var storeValue: StoreValue { .integer(Int64(self)) }
    public static func fromStoreValue(_ value: StoreValue) -> Int? { Int64.fromStoreValue(value).map(Int.init) }
}

extension UInt64: StoreValueConvertible {
    /// Stored as the signed integer with the same bits' value where it fits, as SQLite would.
    public var storeValue: StoreValue { .integer(Int64(bitPattern: self)) }
    public static func fromStoreValue(_ value: StoreValue) -> UInt64? { Int64.fromStoreValue(value).map { UInt64(bitPattern: $0) } }
}

extension Double: StoreValueConvertible {
    public var storeValue: StoreValue { .real(self) }
    public static func fromStoreValue(_ value: StoreValue) -> Double? {
        switch value {
        case .integer(let v): Double(v)
        case .real(let v): v
        case .text(let v): Double(v)
        case .null, .blob: nil
        }
    }
}

extension Bool: StoreValueConvertible {
    public var storeValue: StoreValue { .integer(self ? 1 : 0) }
    public static func fromStoreValue(_ value: StoreValue) -> Bool? {
        if case .text(let v) = value { return v == "t" || v == "true" }
        return Int64.fromStoreValue(value).map { $0 != 0 }
    }
}

extension String: StoreValueConvertible {
    public var storeValue: StoreValue { .text(self) }
    public static func fromStoreValue(_ value: StoreValue) -> String? {
        switch value {
        case .text(let v): v
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .blob(let v): String(decoding: v, as: UTF8.self)
        case .null: nil
        }
    }
}

extension Data: StoreValueConvertible {
    public var storeValue: StoreValue { .blob(Array(self)) }
    public static func fromStoreValue(_ value: StoreValue) -> Data? {
        switch value {
        case .blob(let v): Data(v)
        case .text(let v): Data(v.utf8)
        case .null, .integer, .real: nil
        }
    }
}
