// swift-tools-version:6.1
// libFuzzer targets, one per parser, in one executable (`VigilFuzz TARGET …`). Built separately
// from the main package because every module must be compiled with -sanitize=fuzzer: see run.sh.
import PackageDescription

/// SwiftPM names a path dependency after its folder, so the parent package is whatever folder
/// this checkout was cloned into ("vigil", "main", ...), not a fixed name.
let parentPackage = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "vigil"

let package = Package(
    name: "VigilFuzzTesting",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "VigilFuzz",
            dependencies: [
                .product(name: "VigilProtocols", package: parentPackage), .product(name: "VigilCapture", package: parentPackage),
                .product(name: "VigilDecode", package: parentPackage), .product(name: "VigilAccess", package: parentPackage),
                .product(name: "VigilVulns", package: parentPackage), .product(name: "VigilDetect", package: parentPackage),
                .product(name: "VigilHubWire", package: parentPackage), .product(name: "VigilEvents", package: parentPackage),
                .product(name: "VigilResponse", package: parentPackage),
            ],
            path: "Sources/VigilFuzz",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    ]
)
