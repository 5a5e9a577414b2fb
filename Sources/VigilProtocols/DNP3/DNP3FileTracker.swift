import Crypto
import VigilCore

/// Follows DNP3 file transfers on one association, so that every file-control row names its
/// file: a file's name travels only in the OPEN_FILE request (g70v3), the handle only in the
/// status that answers it (g70v4, matched by request id), and every later READ, WRITE and
/// CLOSE_FILE carries the handle alone. It also hashes a file's blocks as they pass.
struct DNP3FileTracker {
    /// An opened file: its name, the next block expected and the hash of the blocks so far
    /// (nil once a block was missed or repeated, since the hash would no longer be the file's).
    struct OpenFile {
        var name: String
        var nextBlock: UInt32 = 0
        var hash: SHA256? = SHA256()
        var closing = false
    }

    /// File names of file commands waiting for their status, by request id.
    private(set) var requested: [UInt16: String] = [:]
    private(set) var open: [UInt32: OpenFile] = [:]
    /// Bounds both tables: a peer that opens and never closes cannot grow them without end.
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// A file command (OPEN_FILE, DELETE_FILE, GET_FILE_INFO) naming `name`.
    mutating func command(requestID: UInt16, name: String) {
        if requested.count >= limit { requested.removeAll() }
        requested[requestID] = name
    }

    /// A file command status: the file named by its command, now open under `handle` when the
    /// command succeeded and gave one.
    mutating func status(requestID: UInt16, handle: UInt32, succeeded: Bool) -> String? {
        if let name = requested.removeValue(forKey: requestID) {
            if succeeded && handle != 0 {
                if open.count >= limit { open.removeAll() }
                open[handle] = OpenFile(name: name)
            }
            return name
        }
        guard let file = open[handle] else { return nil }
        // The status that answers CLOSE_FILE ends the handle.
        if file.closing { open[handle] = nil }
        return file.name
    }

    /// A CLOSE_FILE request for `handle`: the handle ends with the status that answers it.
    mutating func closing(handle: UInt32) -> String? {
        open[handle]?.closing = true
        return open[handle]?.name
    }

    func name(handle: UInt32) -> String? { open[handle]?.name }

    /// A block of file data. Returns the file's SHA-256 (hex) when this was the last block and
    /// every block from 0 was seen once, in order.
    mutating func block(handle: UInt32, number: UInt32, last: Bool, data: [UInt8]) -> String? {
        guard var file = open[handle] else { return nil }
        if number == file.nextBlock {
            file.hash?.update(data: data)
            file.nextBlock = number &+ 1
        } else {
            file.hash = nil
        }
        var digest: String?
        if last {
            digest = file.hash.map { Hex.string($0.finalize()) }
            file.hash = nil
        }
        open[handle] = file
        return digest
    }
}
