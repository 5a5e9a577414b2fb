// swift-tools-version:6.1
import PackageDescription

/// Release builds skip dynamic exclusivity checks in the per-packet targets: profiles of
/// `bench/run.sh` showed ~9% of time in swift_beginAccess/AccessSet on class-held state.
/// Debug builds (and so the test suite) keep every check. Cross-module optimization lets the
/// analyzers inline the log-row and byte-buffer helpers of VigilLogs and VigilCore (~1.5% of
/// instructions on the benchmark's first 100k packets).
let hotPath: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release))
]

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        .library(name: "VigilSensor", targets: ["VigilSensor"]),
        .library(name: "VigilEvents", targets: ["VigilEvents"]),
        .library(name: "VigilProtocols", targets: ["VigilProtocols"]),
        .library(name: "VigilCapture", targets: ["VigilCapture"]),
        .library(name: "VigilDecode", targets: ["VigilDecode"]),
        .library(name: "VigilAccess", targets: ["VigilAccess"]),
        .library(name: "VigilOSDP", targets: ["VigilOSDP"]),
        .library(name: "VigilVulns", targets: ["VigilVulns"]),
        .library(name: "VigilDetect", targets: ["VigilDetect"]),
        .library(name: "VigilHubWire", targets: ["VigilHubWire"]),
        .library(name: "VigilMap", targets: ["VigilMap"]),
        .library(name: "VigilResponse", targets: ["VigilResponse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        // swift-certificates' own DER layer, named here for the tests that serialise certificates.
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        // The vulnerability store: one SQLite file, nothing to install.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Sigma rules are YAML; Yams keeps each node's line and column for error messages.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The hub: its HTTP server (with TLS), and the sensors' client that ships batches to it.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // The hub's /metrics: swift-metrics' API, exposed in Prometheus' text format.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        // The hub's dashboard pages: logic-less templates that escape what they print.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The hub's store at scale: PostgreSQL, beside SQLite (GRDB) by default.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "CNumberText"),
        .target(name: "CFileSpace"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "VigilCore", dependencies: ["CNumberText"], swiftSettings: hotPath),
        .target(name: "VigilCapture", dependencies: ["VigilCore"], swiftSettings: hotPath),
        .target(name: "VigilDecode", dependencies: ["VigilCore"], swiftSettings: hotPath),
        // The typed events analyzers emit and every consumer (logs, inventory, subscribers) reads.
        .target(name: "VigilEvents", dependencies: ["VigilCore"], swiftSettings: hotPath),
        .target(
            name: "VigilProtocols",
            dependencies: [
                "VigilCore", "VigilDecode", "VigilEvents", "VigilOSDP", "CZlib", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: hotPath),
        .target(
            name: "VigilInventory", dependencies: ["VigilCore", "VigilEvents"],
            // The IEEE OUI registry as data (scripts/gen_oui.py), read by OUIVendors.
            resources: [.copy("Resources/oui.tsv"), .copy("Resources/device-types.tsv"), .copy("Resources/dhcp-fingerprints.tsv")],
            swiftSettings: hotPath),
        // Advisory feeds (CSAF, NVD, KEV), their store, and matching devices against them.
        .target(
            name: "VigilVulns", dependencies: ["VigilCore", "VigilEvents", .product(name: "GRDB", package: "GRDB.swift")],
            // Vendor aliases and product families as data, read by VendorNames and ProductFamilies.
            resources: [.copy("Resources/vendor-aliases.tsv"), .copy("Resources/product-families.tsv")]),
        // Sigma rules evaluated over log rows, and the alerts (notice.log) they raise.
        .target(
            name: "VigilDetect", dependencies: ["VigilCore", "VigilLogs", .product(name: "Yams", package: "Yams")],
            // The shipped rule pack (rules/ at the top of the tree, linked here), the default of
            // `vigil analyze` and `vigil detect`.
            resources: [.copy("Resources/rules")], swiftSettings: hotPath),
        .target(name: "VigilLogs", dependencies: ["VigilCore", "CFileSpace"], swiftSettings: hotPath),
        // The communication map drawn as SVG, and assets.json read back: what a sensor's
        // map.svg and the hub's pages share.
        .target(name: "VigilMap"),
        // Response without the hub's server: playbooks read from YAML, actions checked, and the
        // nftables script that puts them in force. The shipped example playbooks (playbooks/ at
        // the top of the tree, linked here) are copied into a new hub's folder.
        .target(
            name: "VigilResponse", dependencies: ["VigilCore", "VigilHubWire", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/playbooks")]),
        // What a sensor and the hub both speak: enrolment, signed numbered batches, the spool.
        .target(
            name: "VigilHubWire",
            dependencies: [
                "VigilCore", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]),
        // A sensor's side of the hub: enrolling, spooling batches on disk and sending them.
        .target(
            name: "VigilShipper",
            dependencies: [
                "VigilCore", "VigilHubWire", "VigilLogs", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "DequeModule", package: "swift-collections"),
            ]),
        // The hub: certificate authority, ingest, storage, API and the Merkle audit log.
        .target(
            name: "VigilHub",
            dependencies: [
                "VigilCore", "VigilHubWire", "VigilMap", "VigilResponse", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "_CryptoExtras", package: "swift-crypto"), .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            // The API's OpenAPI document, served at /openapi.json; the dashboard's templates and style sheet.
            resources: [.copy("Resources/openapi.json"), .copy("Resources/dashboard")]),
        .target(
            name: "VigilSensor",
            dependencies: [
                "VigilCore", "VigilCapture", "VigilDecode", "VigilEvents", "VigilProtocols", "VigilInventory", "VigilLogs", "VigilDetect",
                "VigilMap",
            ],
            swiftSettings: hotPath),
        // OSDP's wire format, messages, Secure Channel and the passive monitor: what both the
        // access-control programs (VigilAccess) and the sensor's OSDP analyzer need.
        .target(
            name: "VigilOSDP",
            dependencies: [
                "VigilCore", "VigilEvents", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]),
        // OSDP's control panel and peripheral device, and the transports they run over.
        .target(
            name: "VigilAccess",
            dependencies: [
                "VigilCore", "VigilEvents", "VigilOSDP", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]),
        .executableTarget(
            name: "vigil",
            dependencies: [
                "VigilSensor", "VigilAccess", "VigilOSDP", "VigilVulns", "VigilDetect", "VigilHub", "VigilShipper", "VigilResponse",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore"]),
        .testTarget(name: "VigilCaptureTests", dependencies: ["VigilCapture"]),
        .testTarget(name: "VigilDecodeTests", dependencies: ["VigilDecode"]),
        .testTarget(
            name: "VigilProtocolsTests",
            dependencies: [
                "VigilProtocols", "VigilOSDP", "VigilEvents", "VigilSensor", "VigilInventory",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]),
        .testTarget(name: "VigilInventoryTests", dependencies: ["VigilInventory", "VigilEvents"]),
        .testTarget(
            name: "VigilSensorTests",
            dependencies: ["VigilSensor", "VigilEvents", "VigilDetect", "VigilMap", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "VigilVulnsTests", dependencies: ["VigilVulns"]),
        .testTarget(name: "VigilDetectTests", dependencies: ["VigilDetect", "VigilLogs"]),
        .testTarget(
            name: "VigilHubTests",
            dependencies: [
                "VigilHub", "VigilHubWire", "VigilShipper", "VigilResponse", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "X509", package: "swift-certificates"),
            ]),
        .testTarget(name: "VigilAccessTests", dependencies: ["VigilAccess", "VigilOSDP"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
