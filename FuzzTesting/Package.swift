// swift-tools-version:6.1
// libFuzzer targets, one per parser. Built separately from the main package because every
// module must be compiled with -sanitize=fuzzer: see run.sh.
import PackageDescription

let targets = [
    "FuzzCapture", "FuzzDecoder", "FuzzModbus", "FuzzMQTT", "FuzzDNS", "FuzzHTTP", "FuzzTLS", "FuzzDHCP", "FuzzDNP3", "FuzzS7comm",
    "FuzzENIP",
    "FuzzBACnet",
    "FuzzIEC104",
    "FuzzCoAP",
    "FuzzOPCUA",
    "FuzzOSDP",
]

let package = Package(
    name: "VigilFuzzTesting",
    dependencies: [.package(path: "..")],
    targets: [.target(name: "FuzzSupport", path: "Sources/FuzzSupport")]
        + targets.map { name in
            .executableTarget(
                name: name,
                dependencies: [
                    "FuzzSupport",
                    .product(name: "VigilProtocols", package: "main"), .product(name: "VigilCapture", package: "main"),
                    .product(name: "VigilDecode", package: "main"), .product(name: "VigilAccess", package: "main"),
                ],
                path: "Sources/\(name)",
                swiftSettings: [.unsafeFlags(["-parse-as-library"])])
        }
)
