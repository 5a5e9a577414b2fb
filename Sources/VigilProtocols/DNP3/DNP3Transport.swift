import VigilCore

/// Transport-function reassembly for one direction (IEEE 1815-2012 §8.2): segments carry a
/// one-byte header (FIN 0x80, FIR 0x40, sequence 0x3F); FIR starts a fragment, each next
/// segment must carry the next sequence number, FIN completes it.
struct DNP3Transport {
    var fragment: [UInt8] = []
    var assembling = false
    var nextSequence: UInt8 = 0

    enum Outcome {
        case incomplete
        case fragment([UInt8])
        /// A segment out of place: the weird name; the partial fragment is dropped.
        case discarded(String)
    }

    mutating func add(_ segment: [UInt8], limit: Int) -> Outcome {
        guard let header = segment.first else { return .incomplete }
        let fir = header & 0x40 != 0
        let fin = header & 0x80 != 0
        let sequence = header & 0x3F
        var outcome = Outcome.incomplete
        if fir {
            if assembling { outcome = .discarded("dnp3_transport_fragment_restarted") }
            fragment.removeAll(keepingCapacity: true)
            assembling = true
        } else if !assembling {
            return .discarded("dnp3_transport_segment_without_first")
        } else if sequence != nextSequence {
            reset()
            return .discarded("dnp3_transport_sequence_error")
        }
        guard fragment.count + segment.count - 1 <= limit else {
            reset()
            return .discarded("dnp3_fragment_too_long")
        }
        fragment.append(contentsOf: segment.dropFirst())
        nextSequence = (sequence + 1) & 0x3F
        if fin {
            let done = fragment
            reset()
            if case .discarded = outcome { return outcome }  // restarted fragments still lose the old one
            return .fragment(done)
        }
        return outcome
    }

    mutating func reset() {
        fragment.removeAll(keepingCapacity: true)
        assembling = false
    }
}
