import ArgumentParser
import VigilCore
import VigilVulns

struct VulnsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vulns",
        abstract: "Vulnerability feeds (CSAF advisories, NVD records, the KEV catalog) and matching devices against them.",
        discussion: """
            Import once (offline, from files), then match: `vigil vulns import csaf/ nvd/ kev.json`, then \
            `vigil analyze CAPTURES --vulns vulns.db` or `vigil vulns match --assets OUT/assets.json`. \
            docs/VULNERABILITIES.md explains matching and confidence; docs/LOGS.md lists vulnerabilities.log's fields.
            """,
        subcommands: [VulnsImportCommand.self, VulnsMatchCommand.self])
}

/// The store option shared by the vulns commands and analyze.
struct VulnsStoreOption: ParsableArguments {
    @Option(name: .customLong("store"), help: "The vulnerability store (one SQLite file).")
    var path: String = "vulns.db"
}

struct VulnsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read CSAF 2.0 advisories, NVD CVE API 2.0 records and the KEV catalog into the store.",
        discussion: """
            Folders are searched for .json files. A document already stored is replaced only by a newer \
            revision (CSAF tracking version and date, NVD lastModified, KEV catalogVersion). A file that \
            does not follow its schema is named with the JSON pointer at fault; the others are imported.
            """)

    @Argument(help: "Advisory and record files or folders.")
    var paths: [String]

    @OptionGroup var store: VulnsStoreOption

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func run() throws {
        let (files, missing) = FeedReader.files(in: paths)
        for e in missing { Terminal.error(e.description) }
        let db: VulnerabilityStore
        do {
            db = try VulnerabilityStore(path: store.path)
        } catch {
            Terminal.error(error.description)
            throw VigilExit.outputError
        }
        var outcomes: [VulnerabilityStore.Outcome: Int] = [:]
        var failed = missing.count
        let started = Terminal.now()
        let bar = ProgressBar(label: "import")
        for (i, file) in files.enumerated() {
            if !quiet { bar.update(done: Int64(i), total: Int64(files.count), packets: i) }
            do {
                for o in try db.store(FeedReader.read(path: file), source: file) { outcomes[o, default: 0] += 1 }
            } catch let e where e.code == .ioFailure && e.source == store.path {
                bar.end()
                Terminal.error(e.description)
                throw VigilExit.outputError
            } catch {
                failed += 1
                bar.end()
                Terminal.error(error.description)
            }
        }
        bar.end()
        if !quiet {
            let counts = (try? db.counts()) ?? [:]
            Terminal.result(
                "Imported \(files.count) file(s) in \(String(format2: Terminal.now() - started)) s: "
                    + "\(outcomes[.added] ?? 0) added, \(outcomes[.updated] ?? 0) updated, \(outcomes[.unchanged] ?? 0) unchanged, \(failed) failed"
            )
            Terminal.result(
                "Store \(store.path): \(counts["csaf"] ?? 0) CSAF advisories, \(counts["nvd"] ?? 0) NVD records, "
                    + "KEV catalog \(counts["kev"] == nil ? "not imported" : "imported")")
        }
        if failed > 0 { throw VigilExit.inputError }
    }
}

struct VulnsMatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match the devices of an assets.json against the store; write vulnerabilities.log and annotate assets.json.")

    @Option(help: "An assets.json written by vigil analyze or vigil sensor.")
    var assets: String

    @OptionGroup var store: VulnsStoreOption

    @Option(name: .shortAndLong, help: "Folder for vulnerabilities.log (default: the folder of --assets).")
    var out: String?

    @Option(help: "Log format: json or tsv.")
    var format: LogFormatOption = .json

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func run() throws {
        let matcher = try VulnerabilityReport.matcher(store: store.path)
        let devices: [DeviceIdentity]
        do {
            devices = try AssetsFile.devices(in: assets)
        } catch {
            Terminal.error(error.description)
            throw VigilExit.inputError
        }
        let started = Terminal.now()
        let matches = devices.map(matcher.matches(for:))
        let matching = Terminal.now() - started
        let folder = out ?? (assets.contains("/") ? String(assets[..<assets.lastIndex(of: "/")!]) : ".")
        do {
            try VulnerabilityReport.writeLog(matches.flatMap { $0 }, folder: folder, format: format.format)
            try AssetsFile.annotate(assets, with: matches)
        } catch {
            Terminal.error("\(error)")
            throw VigilExit.outputError
        }
        if !quiet {
            Terminal.result(
                "Matched \(devices.count) device(s) against \(matcher.entryCount) product entries in \(String(format2: matching)) s")
            Terminal.result(
                VulnerabilityReport.summary(matches.flatMap { $0 }, devices: devices.count, log: folder + "/vulnerabilities.log"))
        }
    }
}
