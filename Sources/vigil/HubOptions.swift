import ArgumentParser
import Foundation
import VigilCore
import VigilHub

/// Where a hub keeps its authority, keys and (by default) its database.
struct HubFolderOption: ParsableArguments {
    @Option(name: .customLong("dir"), help: "The hub's folder (authority, keys, hub.db).")
    var directory = "vigil-hub"

    @Option(help: "The database: sqlite:PATH (default: hub.db in the hub's folder).")
    var database: String?

    var url: URL { URL(fileURLWithPath: directory) }

    func open() throws -> (HubHome, HubDatabase) {
        do {
            let home = try HubHome.open(at: url)
            return (home, try HubDatabase(path: try databasePath(home)))
        } catch let error as VigilError {
            Terminal.error(error.description)
            throw VigilExit.inputError
        }
    }

    func databasePath(_ home: HubHome) throws -> String {
        guard let database else { return home.databasePath }
        guard database.hasPrefix("sqlite:") else {
            Terminal.error("--database \(database): this hub stores in SQLite (sqlite:PATH); PostgreSQL is not supported yet")
            throw ExitCode.validationFailure
        }
        return String(database.dropFirst("sqlite:".count))
    }
}
