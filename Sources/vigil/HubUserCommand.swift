import ArgumentParser
import Foundation
import VigilCore
import VigilHub

#if canImport(Glibc)
    import Glibc
#endif

struct HubUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the people who sign in to the hub with a password.",
        subcommands: [HubUserAddCommand.self, HubUserPasswordCommand.self, HubUserRemoveCommand.self, HubUserListCommand.self])

    /// A password from standard input (one line) or, on a terminal, typed twice without echo.
    static func readPassword(fromStandardInput: Bool) throws -> String {
        if fromStandardInput || isatty(0) == 0 {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                Terminal.error("no password on standard input")
                throw ExitCode.validationFailure
            }
            return line
        }
        let first = String(cString: getpass("Password: "))
        let second = String(cString: getpass("Again: "))
        guard first == second else {
            Terminal.error("the two passwords differ")
            throw ExitCode.validationFailure
        }
        guard first.count >= 12 else {
            Terminal.error("use at least 12 characters")
            throw ExitCode.validationFailure
        }
        return first
    }
}

struct HubUserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a person who signs in with a password.")

    @OptionGroup var folder: HubFolderOption
    @Argument(help: "Their name.") var name: String
    @Option(help: "viewer, analyst or admin.") var role: String = "viewer"
    @Flag(help: "Read the password from standard input (one line) instead of asking.") var passwordStdin = false

    func run() async throws {
        guard NewUser.isValidName(name) else {
            Terminal.error("\(name): a user name is 1 to 64 letters, digits, '.', '_' or '-'")
            throw ExitCode.validationFailure
        }
        guard let role = HubRole(rawValue: role) else {
            Terminal.error("--role \(role): expected viewer, analyst or admin")
            throw ExitCode.validationFailure
        }
        let password = try HubUserCommand.readPassword(fromStandardInput: passwordStdin)
        let (home, database) = try folder.open()
        guard try await database.addUser(name: name, role: role, password: try PasswordHash.make(password)) else {
            Terminal.error("a user named \(name) exists already")
            throw VigilExit.inputError
        }
        try await database.appendAudit(actor: "cli", action: "user-add", subject: name, detail: role.rawValue, key: home.auditKey)
        Terminal.result("Added \(name) (\(role.rawValue))")
    }
}

struct HubUserPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Set a new password; the user's sessions end.")

    @OptionGroup var folder: HubFolderOption
    @Argument(help: "Their name.") var name: String
    @Flag(help: "Read the password from standard input (one line) instead of asking.") var passwordStdin = false

    func run() async throws {
        let password = try HubUserCommand.readPassword(fromStandardInput: passwordStdin)
        let (home, database) = try folder.open()
        guard try await database.setPassword(name: name, password: try PasswordHash.make(password)) else {
            Terminal.error("no user is named \(name)")
            throw VigilExit.inputError
        }
        try await database.appendAudit(actor: "cli", action: "user-passwd", subject: name, detail: "sessions ended", key: home.auditKey)
        Terminal.result("Password of \(name) set")
    }
}

struct HubUserRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a user and end their sessions.")

    @OptionGroup var folder: HubFolderOption
    @Argument(help: "Their name.") var name: String

    func run() async throws {
        let (home, database) = try folder.open()
        guard try await database.removeUser(name: name) else {
            Terminal.error("no user is named \(name)")
            throw VigilExit.inputError
        }
        try await database.appendAudit(actor: "cli", action: "user-remove", subject: name, detail: "", key: home.auditKey)
        Terminal.result("Removed \(name)")
    }
}

struct HubUserListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users and their roles.")

    @OptionGroup var folder: HubFolderOption

    func run() async throws {
        let (_, database) = try folder.open()
        for user in try await database.users() { Terminal.result("\(user.name)  \(user.role)") }
    }
}
