import VigilCore
import VigilEvents

extension OPCUAChunk {
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
