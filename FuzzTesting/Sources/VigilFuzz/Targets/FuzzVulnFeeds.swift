import VigilVulns

/// Fuzzes the vulnerability feed readers (CSAF, NVD, KEV), matching, and the version, range
/// and CPE readers through FeedFuzzExercise.
func fuzzVulnFeeds(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FeedFuzzExercise.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
