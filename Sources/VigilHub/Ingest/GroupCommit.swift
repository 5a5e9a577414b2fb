/// Stores the batches that wait for the store together, in one transaction (a group commit).
///
/// Every sensor's batch used to be a transaction of its own. Each commit writes out every page
/// the batch changed, and a batch of alerts touches pages all over the alert indexes (by
/// source, by destination, by state), so eight sensors' batches wrote the same pages eight
/// times. While one group is being written the next one gathers; each batch still gets its
/// own outcome, and is acknowledged only once its group is committed.
actor GroupCommit {
    let database: HubDatabase
    let responder: PlaybookResponder?
    /// Each group's time in the store, as `store_group`: their sum is how long the writer was
    /// busy with ingest, which says how near the hub is to what one writer can store.
    let metrics: HubMetrics
    /// A group closes at this many records, so that one commit stays well under a second.
    /// A batch larger than this is a group of its own.
    static let recordsPerGroup = 50_000

    private var waiting: [(batch: VerifiedBatch, reply: CheckedContinuation<IngestOutcome, any Error>)] = []
    private var writing = false

    init(database: HubDatabase, responder: PlaybookResponder?, metrics: HubMetrics) {
        self.database = database
        self.responder = responder
        self.metrics = metrics
    }

    /// Returns once the batch's group is committed (or the batch refused).
    func store(_ batch: VerifiedBatch) async throws -> IngestOutcome {
        try await withCheckedThrowingContinuation { reply in
            waiting.append((batch, reply))
            if !writing {
                writing = true
                Task { await writeWaitingGroups() }
            }
        }
    }

    private func writeWaitingGroups() async {
        while !waiting.isEmpty {
            var count = 0
            var records = 0
            while count < waiting.count, count == 0 || records + waiting[count].batch.records.count <= Self.recordsPerGroup {
                records += waiting[count].batch.records.count
                count += 1
            }
            let group = waiting.prefix(count)
            waiting.removeFirst(count)
            do {
                let started = ContinuousClock.now
                let outcomes = try await database.store(batches: group.map(\.batch), responder: responder)
                metrics.database("store_group", took: ContinuousClock.now - started)
                for (entry, outcome) in zip(group, outcomes) { entry.reply.resume(with: outcome) }
            } catch {
                for entry in group { entry.reply.resume(throwing: error) }
            }
        }
        writing = false
    }
}
