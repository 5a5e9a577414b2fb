import VigilCore
import VigilInventory

/// What a live sensor does on a clock while it captures: write out the rows its workers hold,
/// rotate its logs, and publish its inventory (assets.json, map.json) so that what it knows is
/// on disk before it stops.
public final class LiveSchedule {
    let pipeline: ShardedPipeline
    let directory: String
    let rotateSeconds: Int64
    let publishSeconds: Int64
    /// Rows wait in each worker's buffer until it fills, which on a quiet line could be hours:
    /// an alert must reach its log (and the hub, with --ship) within about this long.
    let flushSeconds: Int64 = 1
    private var rotateAt: Timestamp?
    private var publishAt: Timestamp?
    private var flushAt: Timestamp?
    /// Run each time the rows were written out, with the time: what else is due every second
    /// (a live sensor's correlations).
    public var afterFlush: ((Timestamp) throws -> Void)?
    /// Publishes the inventory (default: assets.json, map.json and map.svg); a sensor that
    /// matches vulnerabilities adds them and writes vulnerabilities.log.
    public var publishInventory: ((AssetInventory) throws -> Void)?
    /// Inventories published so far.
    public private(set) var published = 0

    /// 0 turns either task off.
    public init(pipeline: ShardedPipeline, directory: String, rotateSeconds: Int, publishSeconds: Int) {
        self.pipeline = pipeline
        self.directory = directory
        self.rotateSeconds = Int64(rotateSeconds)
        self.publishSeconds = Int64(publishSeconds)
    }

    /// Runs whatever is due at `now` (a packet's time, or the clock while the line is quiet).
    public func tick(_ now: Timestamp) throws {
        if let at = flushAt, now > at {
            pipeline.flushLogs()
            flushAt = now.adding(seconds: flushSeconds)
            try afterFlush?(now)
        } else if flushAt == nil {
            flushAt = now.adding(seconds: flushSeconds)
        }
        if rotateSeconds > 0 {
            if let at = rotateAt, now > at {
                pipeline.rotateLogs(now: now)
                rotateAt = now.adding(seconds: rotateSeconds)
            } else if rotateAt == nil {
                rotateAt = now.adding(seconds: rotateSeconds)
            }
        }
        if publishSeconds > 0 {
            if let at = publishAt, now > at {
                let inventory = pipeline.inventorySnapshot()
                if let publishInventory { try publishInventory(inventory) } else { try InventoryFiles.write(inventory, to: directory) }
                published += 1
                publishAt = now.adding(seconds: publishSeconds)
            } else if publishAt == nil {
                publishAt = now.adding(seconds: publishSeconds)
            }
        }
    }
}
