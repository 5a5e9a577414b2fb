/// How product and model names are compared: as vendors write model and order numbers
/// (`6ES7 315-2EH14-0AB0` and `6ES7315-2EH14-0AB0` are one number; `1756-ENBT/A` is the
/// `1756-ENBT` catalogue number in series A), and as whole words, so that `CPU 315-2 PN/DP`
/// is not found inside `CPU 315F-2 PN/DP`.
enum ModelText {
    /// Letters and digits only, upper case.
    static func compact<S: StringProtocol>(_ s: S) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }))
            .uppercased()
    }

    /// The words of a name, upper case, split at spaces and at punctuation that does not belong
    /// inside a model number (commas, colons, parentheses, quotes); `-`, `/` and `.` stay.
    static func words<S: StringProtocol>(_ s: S) -> [String] {
        s.split(whereSeparator: { $0.isWhitespace || ",;:()[]{}\"'_".contains($0) }).map { String($0).uppercased() }
            .filter { !$0.isEmpty }
    }

    /// A word that can tell one model from another: it has a digit, and is not a version
    /// (`V3.2`, `4.3`), a year or a bare small number.
    static func isModelWord(_ w: String) -> Bool {
        guard w.contains(where: \.isNumber) else { return false }
        if w.allSatisfy({ $0.isNumber || $0 == "." }) && (w.contains(".") || w.count <= 2) { return false }
        if w.first == "V", w.dropFirst().first?.isNumber == true, w.dropFirst().allSatisfy({ $0.isNumber || $0 == "." }) { return false }
        if w.count == 4, w.allSatisfy(\.isNumber), let y = Int(w), (1990...2040).contains(y) { return false }
        return true
    }

    /// "1756-ENBT/A" is catalogue number 1756-ENBT, series A.
    static func withoutSeries(_ w: String) -> String {
        guard let slash = w.lastIndex(of: "/"), w.distance(from: slash, to: w.endIndex) == 2, w[w.index(after: slash)].isLetter else {
            return w
        }
        return String(w[..<slash])
    }

    /// An order number: long enough, with digits and letters, as Siemens (6ES7...) and
    /// others write them; short model words ("315-2") are not.
    static func isOrderNumber(_ compact: String) -> Bool {
        compact.count >= 10 && compact.contains(where: \.isNumber) && compact.contains(where: \.isLetter)
    }

    /// Whether `phrase` occurs in `words` as consecutive whole words (both already compact).
    static func contains(compactWords w: [String], phrase p: [String]) -> Bool {
        guard !p.isEmpty, p.count <= w.count else { return false }
        for start in 0...(w.count - p.count) where w[start] == p[0] {
            if Array(w[start..<(start + p.count)]) == p { return true }
        }
        return false
    }
}
