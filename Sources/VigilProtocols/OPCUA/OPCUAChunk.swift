import VigilCore

/// One OPC UA Connection Protocol / Secure Conversation message chunk (IEC 62541-6 §7.1.2
/// and §6.7.2): the 8-byte header, then per type the Hello/Acknowledge/Error fields or the
/// secure channel id, security header and sequence header ahead of the service body.
struct OPCUAChunk {
    /// "HEL", "ACK", "ERR", "RHE", "OPN", "MSG" or "CLO" (§7.1.2.2 Table 50).
    var messageType: String
    /// 'F' final, 'C' intermediate, 'A' abort (§6.7.2.2).
    var chunkType: UInt8
    var size: UInt32

    // Hello and Acknowledge (§7.1.2.3-4)
    var protocolVersion: UInt32?
    var receiveBufferSize: UInt32?
    var sendBufferSize: UInt32?
    var maxMessageSize: UInt32?
    var maxChunkCount: UInt32?
    var endpointURL: OPCUABytes?
    // Error (§7.1.2.5)
    var errorCode: UInt32?
    var reason: OPCUABytes?

    var secureChannelID: UInt32?
    /// Symmetric security header (MSG, CLO): the token id (§6.7.2.3).
    var tokenID: UInt32?
    /// Asymmetric security header (OPN, §6.7.2.3 Table 42).
    var securityPolicyURI: OPCUABytes?
    var senderCertificate: OPCUABytes?
    var receiverThumbprint: OPCUABytes?
    /// Sequence header (§6.7.2.4); absent when the body is encrypted.
    var sequenceNumber: UInt32?
    var requestID: UInt32?
    /// Where the service body starts within the chunk, when it was readable.
    var bodyOffset: Int?

    static let messageTypes: Set<String> = ["HEL", "ACK", "ERR", "RHE", "OPN", "MSG", "CLO"]
    static let chunkTypes: Set<UInt8> = [UInt8(ascii: "F"), UInt8(ascii: "C"), UInt8(ascii: "A")]
    /// The header and the fixed fields every type carries after it.
    static let headerLength = 8

    var isFinal: Bool { chunkType == UInt8(ascii: "F") }
    var chunkText: String { String(UnicodeScalar(chunkType)) }

    enum Failure: Error, Equatable {
        case invalidMessageType(String)
        case invalidChunkType(UInt8)
        /// The size field is smaller than the header or than the fields the type requires.
        case truncated(String)
    }

    /// The message type at the start of `b`, if it is one of §7.1.2.2's.
    static func messageType(_ b: UnsafeRawBufferPointer) -> String? {
        guard b.count >= 3 else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: b[0..<3]), as: UTF8.self)
        return messageTypes.contains(text) ? text : nil
    }

    /// Parses one whole chunk (`b` spans exactly its size). `encrypted` says the secure channel
    /// encrypts bodies, so only the clear headers are read.
    static func parse(_ b: UnsafeRawBufferPointer, encrypted: Bool) -> Result<OPCUAChunk, Failure> {
        guard let type = messageType(b) else {
            return .failure(.invalidMessageType(BytesText.escaped(UnsafeRawBufferPointer(rebasing: b[0..<min(3, b.count)]))))
        }
        guard b.count >= headerLength else { return .failure(.truncated("header")) }
        guard chunkTypes.contains(b[3]) else { return .failure(.invalidChunkType(b[3])) }
        var c = OPCUAChunk(messageType: type, chunkType: b[3], size: ByteReader.u32le(b, 4))
        var r = OPCUAReader(b)
        _ = r.skip(headerLength)
        switch type {
        case "HEL", "ACK":
            guard let v = r.u32(), let rcv = r.u32(), let snd = r.u32(), let mm = r.u32(), let mc = r.u32() else {
                return .failure(.truncated(type))
            }
            (c.protocolVersion, c.receiveBufferSize, c.sendBufferSize, c.maxMessageSize, c.maxChunkCount) = (v, rcv, snd, mm, mc)
            if type == "HEL" {
                guard let url = r.byteString() else { return .failure(.truncated("HEL endpoint url")) }
                c.endpointURL = url
            }
        case "ERR":
            guard let code = r.u32(), let reason = r.byteString() else { return .failure(.truncated("ERR")) }
            (c.errorCode, c.reason) = (code, reason)
        case "OPN":
            guard let channel = r.u32(), let policy = r.byteString(), let cert = r.byteString(), let thumb = r.byteString()
            else { return .failure(.truncated("OPN security header")) }
            (c.secureChannelID, c.securityPolicyURI, c.senderCertificate, c.receiverThumbprint) = (channel, policy, cert, thumb)
            // The asymmetric header is always clear; with a policy other than None the rest is
            // encrypted (§6.7.2.1).
            if policy.text == OPCUASecurity.nonePolicy { c.readSequence(&r) }
        case "MSG", "CLO":
            guard let channel = r.u32(), let token = r.u32() else { return .failure(.truncated("\(type) security header")) }
            (c.secureChannelID, c.tokenID) = (channel, token)
            if !encrypted { c.readSequence(&r) }
        default: break  // RHE (reverse hello) carries server URI and endpoint; logged by type only.
        }
        return .success(c)
    }

    mutating func readSequence(_ r: inout OPCUAReader) {
        guard let seq = r.u32(), let req = r.u32() else { return }
        (sequenceNumber, requestID, bodyOffset) = (seq, req, r.offset)
    }
}

/// Security policy facts (IEC 62541-7 and -6 §6.1).
enum OPCUASecurity {
    static let nonePolicy = "http://opcfoundation.org/UA/SecurityPolicy#None"
    /// MessageSecurityMode (Part 4 §7.20): 1 None, 2 Sign, 3 SignAndEncrypt.
    static let modeNames: [UInt32: String] = [0: "Invalid", 1: "None", 2: "Sign", 3: "SignAndEncrypt"]
}
