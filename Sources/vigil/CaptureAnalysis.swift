import VigilSensor

/// Captures analyzed into a folder with every log and assets.json, as `vigil analyze` writes
/// them with its defaults and no rules: what `baseline learn` reads when given captures.
enum CaptureAnalysis {
    /// Whether every capture was read whole; one that was not is named, and what was read of
    /// it is kept.
    static func run(_ captures: [String], into folder: String) throws -> Bool {
        let files = try OutputFolderOption.open(folder, format: .json, replace: true)
        let pipeline = ShardedPipeline(workers: ShardedPipeline.availableCores, files: files)
        let runner = CaptureRunner()
        var complete = true
        for capture in captures {
            let bar = ProgressBar(label: capture.split(separator: "/").last.map(String.init) ?? capture)
            let error = runner.run(path: capture, into: pipeline) { done, total in
                bar.update(done: done, total: total, packets: pipeline.packetsRead)
            }
            bar.end()
            if let error {
                Terminal.error(error.description)
                complete = false
            }
        }
        pipeline.finish()
        files.close(now: .zero)
        if let e = pipeline.outputError {
            Terminal.error(e.description)
            throw VigilExit.outputError
        }
        try InventoryFiles.write(pipeline.inventory, to: folder)
        return complete
    }
}
