import Foundation

/// A user to add, checked as `vigil hub user add` checks one: a plain name, a known role, and a
/// password of 12 to 256 characters. The dashboard's form, the API and the command line read one.
public struct NewUser {
    var name: String
    var role: HubRole
    var password: String

    static func read(name: String, role: String?, password: String) -> Result<NewUser, TriageFormError> {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard isValidName(name) else {
            return .failure(TriageFormError("A user name is 1 to 64 letters, digits, '.', '_' or '-'."))
        }
        guard let role = role.flatMap(HubRole.init(rawValue:)) else { return .failure(TriageFormError("Choose viewer, analyst or admin.")) }
        guard password.unicodeScalars.count >= 12 else { return .failure(TriageFormError("Use at least 12 characters for the password.")) }
        guard password.unicodeScalars.count <= 256 else { return .failure(TriageFormError("Use at most 256 characters for the password.")) }
        return .success(NewUser(name: name, role: role, password: password))
    }

    /// Names are written in URL paths (`DELETE /api/v1/users/NAME`) and audit entries: plain
    /// ASCII that needs no escaping anywhere.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0))
            }
    }

    /// The dashboard's form, where the password is typed twice.
    static func read(form: [String: String]) -> Result<NewUser, TriageFormError> {
        guard (form["password"] ?? "") == form["password2"] else { return .failure(TriageFormError("The two passwords differ.")) }
        return read(name: form["name"] ?? "", role: form["role"], password: form["password"] ?? "")
    }
}
