/// A fuzz target: libFuzzer calls it with each input, and it returns 0.
typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>, Int) -> Int32

/// Every parser's target, by the name run.sh, Seeds/ and FailCases/ know it by, in the order
/// run.sh fuzzes them.
let fuzzTargets: KeyValuePairs<String, FuzzTarget> = [
    "FuzzCapture": fuzzCapture,
    "FuzzDecoder": fuzzDecoder,
    "FuzzModbus": fuzzModbus,
    "FuzzMQTT": fuzzMQTT,
    "FuzzDNS": fuzzDNS,
    "FuzzHTTP": fuzzHTTP,
    "FuzzTLS": fuzzTLS,
    "FuzzDHCP": fuzzDHCP,
    "FuzzDNP3": fuzzDNP3,
    "FuzzS7comm": fuzzS7comm,
    "FuzzENIP": fuzzENIP,
    "FuzzBACnet": fuzzBACnet,
    "FuzzIEC104": fuzzIEC104,
    "FuzzCoAP": fuzzCoAP,
    "FuzzOPCUA": fuzzOPCUA,
    "FuzzOSDP": fuzzOSDP,
    "FuzzVulnFeeds": fuzzVulnFeeds,
    "FuzzDetect": fuzzDetect,
    "FuzzHubWire": fuzzHubWire,
    "FuzzLinkDiscovery": fuzzLinkDiscovery,
    "FuzzSNMP": fuzzSNMP,
    "FuzzSSDP": fuzzSSDP,
    "FuzzRTSP": fuzzRTSP,
    "FuzzStartTLS": fuzzStartTLS,
    "FuzzNTP": fuzzNTP,
    "FuzzSyslog": fuzzSyslog,
    "FuzzSSH": fuzzSSH,
    "FuzzFTP": fuzzFTP,
    "FuzzMIME": fuzzMIME,
    "FuzzResponse": fuzzResponse,
    "FuzzDCERPC": fuzzDCERPC,
]
