import FuzzSupport

@_cdecl("FuzzFTP_main")
func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 { runFuzzer(argc, argv) { fuzz($0, $1) } }
