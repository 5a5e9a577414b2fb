/// The administration page's form for a new user, read back and checked as `vigil hub user add`
/// checks it: a plain name, a known role, and a password of at least 12 characters typed twice.
struct UserForm {
    var name: String
    var role: HubRole
    var password: String

    static func read(_ form: [String: String]) -> Result<UserForm, TriageFormError> {
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            return .failure(TriageFormError("A user name is 1 to 64 characters, without spaces."))
        }
        guard let role = form["role"].flatMap(HubRole.init(rawValue:)) else {
            return .failure(TriageFormError("Choose viewer, analyst or admin."))
        }
        let password = form["password"] ?? ""
        guard password.count >= 12 else { return .failure(TriageFormError("Use at least 12 characters for the password.")) }
        guard password == form["password2"] else { return .failure(TriageFormError("The two passwords differ.")) }
        return .success(UserForm(name: name, role: role, password: password))
    }
}
