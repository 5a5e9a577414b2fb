#if canImport(Glibc)
    import Glibc
#endif

/// libFuzzer's driver entry (compiler-rt FuzzerInterface.h).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzTarget
) -> Int32

/// Names the target in the environment too, so that the copies of itself libFuzzer starts for
/// -fork, -jobs and -merge (with libFuzzer's arguments only) fuzz the same one.
let targetVariable = "VIGIL_FUZZ_TARGET"

/// One executable holds every target: thirty sanitized executables, each linking all of Vigil,
/// took over 3 GB of disk where this one takes a thirtieth. Usage:
///   VigilFuzz TARGET [libFuzzer arguments…]     VigilFuzz --list
/// SwiftPM links an executable's entry point as `<Target>_main`.
@_cdecl("VigilFuzz_main")
func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    guard let argv else { return 2 }
    let first = argc > 1 ? argv[1].map { String(cString: $0) } : nil
    if first == "--list" {
        for (name, _) in fuzzTargets { print(name) }
        return 0
    }
    var count = argc
    var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    var name: String
    if let first, fuzzTargets.contains(where: { $0.key == first }) {
        name = first
        // libFuzzer sees the program's name, then its own arguments.
        argv[1] = argv[0]
        vector = argv + 1
        count -= 1
        setenv(targetVariable, name, 1)
    } else if let inherited = getenv(targetVariable).map({ String(cString: $0) }) {
        name = inherited
    } else {
        let names = fuzzTargets.map(\.key).joined(separator: " ")
        printError("usage: VigilFuzz TARGET [libFuzzer arguments…]   (or VigilFuzz --list)\ntargets: \(names)")
        return 2
    }
    guard let test = fuzzTargets.first(where: { $0.key == name })?.value else {
        printError("VigilFuzz: \(targetVariable)=\(name) names no target; VigilFuzz --list shows them")
        return 2
    }
    chosenTarget = test
    return runFuzzerDriver(&count, &vector, test)
}

/// The target named on the command line, set once before libFuzzer starts.
nonisolated(unsafe) var chosenTarget: FuzzTarget?

/// libFuzzer's runtime archive has a `main` of its own (unused: SwiftPM's entry wins) that
/// refers to this symbol, so the link needs it. It runs the chosen target.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 { chosenTarget?(data, size) ?? 0 }

/// Writes a line to standard error (file descriptor 2: Glibc's `stderr` is a mutable global
/// that Swift 6 will not read without isolation).
func printError(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}
