import Crypto
import VigilCore

/// Keys a monitor tries against every Secure Channel handshake it sees. A site key that is one
/// of these is as good as published: SCBK-D is in the standard, the others are the all-same
/// and counting patterns that installers and sample code use (libosdp's examples key with
/// 00 01 … 0F). Trying one costs two AES block operations, so the list can grow.
public enum OSDPWeakKeys {
    public static let all: [(name: String, key: OSDPKey)] = [
        ("scbk_d", OSDPKey.defaultInstallKey),
        ("all_zero", OSDPKey(bytes: [UInt8](repeating: 0x00, count: 16))!),
        ("all_ff", OSDPKey(bytes: [UInt8](repeating: 0xFF, count: 16))!),
        ("counting_00_0f", OSDPKey(bytes: Array(0x00...0x0F))!),
        ("counting_01_10", OSDPKey(bytes: Array(0x01...0x10))!),
        ("repeating_0123456789abcdef", OSDPKey(hex: "0123456789abcdef0123456789abcdef")!),
        ("ascii_0123456789abcdef", OSDPKey(bytes: Array("0123456789abcdef".utf8))!),
        ("all_11", OSDPKey(bytes: [UInt8](repeating: 0x11, count: 16))!),
        ("all_aa", OSDPKey(bytes: [UInt8](repeating: 0xAA, count: 16))!),
    ]

    /// A short, non-reversible label for a key, so an alert can say "the key installed at
    /// packet 40 is the one in use at packet 90" without printing the key: the first four
    /// bytes of its SHA-256, in hex.
    public static func fingerprint(_ key: OSDPKey) -> String {
        Hex.string(Array(SHA256.hash(data: key.bytes)).prefix(4))
    }
}
