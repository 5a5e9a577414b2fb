import ArgumentParser
import Foundation
import VigilCore
import VigilHub

/// Where a hub keeps its authority, keys and (by default) its database.
struct HubFolderOption: ParsableArguments {
    @Option(name: .customLong("dir"), help: "The hub's folder (authority, keys, hub.db).")
    var directory = "vigil-hub"

    @Option(
        help: """
            The database: sqlite:PATH, or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE for PostgreSQL (the password \
            may instead be in PGPASSWORD). Default: hub.db in the hub's folder.
            """)
    var database: String?

    var url: URL { URL(fileURLWithPath: directory) }

    func open() throws -> (HubHome, HubDatabase) {
        do {
            let home = try HubHome.open(at: url)
            return (home, try openDatabase(home))
        } catch {
            Terminal.error(error.description)
            throw VigilExit.inputError
        }
    }

    /// The store `--database` names, or the hub folder's SQLite file.
    func openDatabase(_ home: HubHome) throws(VigilError) -> HubDatabase {
        try HubDatabase(locator: try locator(home))
    }

    /// As `open`, but a database server that cannot be reached yet is waited for (see
    /// `HubDatabase.opened`), with a line on standard error saying so: what a serving hub does.
    func openWaitingForDatabase() async throws -> (HubHome, HubDatabase) {
        do {
            let home = try HubHome.open(at: url)
            return (home, try await openDatabaseWaiting(home))
        } catch {
            Terminal.error(error.description)
            throw VigilExit.inputError
        }
    }

    func openDatabaseWaiting(_ home: HubHome) async throws(VigilError) -> HubDatabase {
        try await HubDatabase.opened(locator: try locator(home)) { error in
            Terminal.error("\(error.description); trying again every 2 s")
        }
    }

    private func locator(_ home: HubHome) throws(VigilError) -> String {
        guard let database else { return home.databasePath }
        guard database.hasPrefix("sqlite:") || database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") else {
            throw VigilError(
                .invalidArgument,
                "--database \(HubDatabase.shown(locator: database)): expected sqlite:PATH or postgres://USER@HOST/DATABASE")
        }
        return database
    }
}
