import Foundation
import Testing

@testable import VigilDetect

/// Sigma's matching rules (Sigma rules specification 2.1 and its modifiers appendix), each
/// tried on rows that must and must not match.
@Suite struct SigmaSemanticsTests {
    func matches(_ detection: String, _ fields: [(String, FieldValue)]) -> Bool {
        RuleText.rule(detection).matches(RuleText.row(fields))
    }

    @Test func stringsCompareWithoutCaseAndWildcardsMatchRuns() {
        let d = "sel:\n    query: '*.Example.ORG'\ncondition: sel"
        #expect(matches(d, [("query", .text("www.example.org"))]))
        #expect(matches(d, [("query", .text(".example.org"))]))
        #expect(!matches(d, [("query", .text("www.example.org.evil"))]))
        #expect(!matches(d, [("other", .text("www.example.org"))]))
        let one = "sel:\n    code: 'a?c'\ncondition: sel"
        #expect(matches(one, [("code", .text("abc"))]))
        #expect(matches(one, [("code", .text("a\u{e9}c"))]), "? stands for one character, not one byte")
        #expect(!matches(one, [("code", .text("ac"))]))
    }

    @Test func escapedWildcardsAndBackslashesAreLiteral() {
        let star = "sel:\n    f: 'a\\*b'\ncondition: sel"
        #expect(matches(star, [("f", .text("a*b"))]))
        #expect(!matches(star, [("f", .text("axxb"))]))
        // SigmaHQ's DNS Z-flag rule: '\\x00' is a backslash then "x00".
        let nul = "sel:\n    answers|endswith: '\\\\x00'\ncondition: sel"
        #expect(matches(nul, [("answers", .list([.text("abc\\x00")]))]))
        #expect(!matches(nul, [("answers", .list([.text("abcx00")]))]))
    }

    @Test func casedComparesExactly() {
        let d = "sel:\n    f|cased: Admin\ncondition: sel"
        #expect(matches(d, [("f", .text("Admin"))]))
        #expect(!matches(d, [("f", .text("admin"))]))
    }

    @Test func containsStartsWithEndsWithAndAll() {
        #expect(matches("s:\n    ua|contains: WebDAV\ncondition: s", [("ua", .text("Microsoft-webdav-MiniRedir/10"))]))
        #expect(matches("s:\n    ua|startswith: micro\ncondition: s", [("ua", .text("Microsoft"))]))
        #expect(!matches("s:\n    ua|startswith: soft\ncondition: s", [("ua", .text("Microsoft"))]))
        #expect(matches("s:\n    ua|endswith: soft\ncondition: s", [("ua", .text("Microsoft"))]))
        let all = "s:\n    cmd|contains|all:\n        - net\n        - user\ncondition: s"
        #expect(matches(all, [("cmd", .text("net user admin"))]))
        #expect(!matches(all, [("cmd", .text("net view"))]))
        let any = "s:\n    cmd|contains:\n        - net\n        - user\ncondition: s"
        #expect(matches(any, [("cmd", .text("net view"))]))
    }

    @Test func aMapNeedsEveryFieldAndAListOfMapsAnyMap() {
        let map = "s:\n    a: 1\n    b: x\ncondition: s"
        #expect(matches(map, [("a", .number("1")), ("b", .text("X"))]))
        #expect(!matches(map, [("a", .number("1")), ("b", .text("y"))]))
        let list = "s:\n    - a: 1\n    - b: x\ncondition: s"
        #expect(matches(list, [("a", .number("2")), ("b", .text("x"))]))
        #expect(!matches(list, [("a", .number("2")), ("b", .text("y"))]))
    }

    @Test func numbersMatchAsNumbersOrText() {
        let d = "s:\n    id.resp_p:\n        - 137\n        - 138\ncondition: s"
        #expect(matches(d, [("id.resp_p", .number("137"))]))
        #expect(matches(d, [("id.resp_p", .text("138"))]))
        #expect(!matches(d, [("id.resp_p", .number("1370"))]))
        #expect(matches("s:\n    p: '502'\ncondition: s", [("p", .number("502"))]))
        #expect(matches("s:\n    p|startswith: '50'\ncondition: s", [("p", .number("502"))]))
    }

    @Test func comparisons() {
        #expect(matches("s:\n    n|gt: 10\ncondition: s", [("n", .number("11"))]))
        #expect(!matches("s:\n    n|gt: 10\ncondition: s", [("n", .number("10"))]))
        #expect(matches("s:\n    n|gte: 10\ncondition: s", [("n", .number("10"))]))
        #expect(matches("s:\n    n|lt: 1.5\ncondition: s", [("n", .number("1.25"))]))
        #expect(!matches("s:\n    n|lte: 1\ncondition: s", [("n", .text("abc"))]))
    }

    @Test func nullExistsAndNeq() {
        #expect(matches("s:\n    user: null\ncondition: s", [("other", .text("x"))]))
        #expect(!matches("s:\n    user: null\ncondition: s", [("user", .text(""))]))
        #expect(matches("s:\n    user|exists: true\ncondition: s", [("user", .text(""))]))
        #expect(matches("s:\n    user|exists: false\ncondition: s", [("x", .text(""))]))
        let neq = "s:\n    m|neq:\n        - GET\n        - POST\ncondition: s"
        #expect(matches(neq, [("m", .text("PUT"))]))
        #expect(!matches(neq, [("m", .text("get"))]))
        #expect(matches(neq, [("x", .text("GET"))]), "an unset field differs from every value")
    }

    @Test func listsMatchWhenAnElementMatches() {
        let d = "s:\n    topics: '#'\ncondition: s"
        #expect(matches(d, [("topics", .list([.text("a/b"), .text("#")]))]))
        #expect(!matches(d, [("topics", .list([.text("a/#")]))]))
        #expect(!matches(d, [("topics", .list([]))]))
    }

    @Test func cidrReadsBothFamilies() {
        let v4 = "s:\n    ip|cidr:\n        - 10.0.0.0/8\n        - 192.168.0.0/16\ncondition: s"
        #expect(matches(v4, [("ip", .text("10.200.3.4"))]))
        #expect(matches(v4, [("ip", .text("192.168.255.1"))]))
        #expect(!matches(v4, [("ip", .text("11.0.0.1"))]))
        #expect(!matches(v4, [("ip", .text("fe80::1"))]))
        let v6 = "s:\n    ip|cidr: 'fe80::/10'\ncondition: s"
        #expect(matches(v6, [("ip", .text("fe80::1"))]))
        #expect(!matches(v6, [("ip", .text("2001:db8::1"))]))
        #expect(!matches(v6, [("ip", .text("not an address"))]))
    }

    @Test func regularExpressionsAreCasedUnlessToldAndSearchAnywhere() {
        #expect(matches("s:\n    q|re: '^[a-z]{3}\\d+'\ncondition: s", [("q", .text("abc123.x"))]))
        #expect(!matches("s:\n    q|re: 'ABC'\ncondition: s", [("q", .text("xabcx"))]))
        #expect(matches("s:\n    q|re|i: 'ABC'\ncondition: s", [("q", .text("xabcx"))]))
    }

    @Test func base64AndItsOffsetsFindTheValueInsideEncodedText() {
        let value = "/bin/bash"
        let d = "s:\n    cmd|base64offset|contains: '\(value)'\ncondition: s"
        // Wherever the value sits in a longer string, its encoding contains one of the forms.
        for prefix in ["", "a", "ab", "abc", "xyzw"] {
            let encoded = Data((prefix + value + " -c id").utf8).base64EncodedString()
            #expect(matches(d, [("cmd", .text("echo " + encoded))]), "prefix '\(prefix)'")
        }
        #expect(!matches(d, [("cmd", .text(Data("/bin/zsh -c id".utf8).base64EncodedString()))]))
        let plain = "s:\n    h|base64: 'user:pass'\ncondition: s"
        #expect(matches(plain, [("h", .text("dXNlcjpwYXNz"))]))
        let wide = "s:\n    h|wide|base64: 'cmd'\ncondition: s"
        #expect(matches(wide, [("h", .text(Data([0x63, 0, 0x6D, 0, 0x64, 0]).base64EncodedString()))]))
    }

    @Test func windashTriesEveryDashForm() {
        let d = "s:\n    cmd|windash|contains: ' -enc '\ncondition: s"
        #expect(matches(d, [("cmd", .text("powershell /enc abc"))]))
        #expect(matches(d, [("cmd", .text("powershell \u{2013}enc abc"))]))
        #expect(!matches(d, [("cmd", .text("powershell enc abc"))]))
    }

    @Test func fieldReferencesCompareTwoFields() {
        let d = "s:\n    a|fieldref: b\ncondition: s"
        #expect(matches(d, [("a", .text("X")), ("b", .text("x"))]))
        #expect(!matches(d, [("a", .text("x")), ("b", .text("y"))]))
        #expect(!matches(d, [("a", .text("x"))]))
    }

    @Test func keywordsSearchEveryField() {
        let d = "kw:\n    - evil\n    - 666\ncondition: kw"
        #expect(matches(d, [("a", .text("x")), ("b", .text("an EVIL thing"))]))
        #expect(matches(d, [("n", .number("16660"))]))
        #expect(!matches(d, [("a", .text("good"))]))
    }

    @Test func conditionsFollowSigmaPrecedence() {
        let searches = "a:\n    f: a\nb:\n    g: b\nc:\n    h: c\n"
        func eval(_ condition: String, _ fa: Bool, _ fb: Bool, _ fc: Bool) -> Bool {
            var fields: [(String, FieldValue)] = []
            if fa { fields.append(("f", .text("a"))) }
            if fb { fields.append(("g", .text("b"))) }
            if fc { fields.append(("h", .text("c"))) }
            return matches(searches + "condition: " + condition, fields)
        }
        for fa in [false, true] {
            for fb in [false, true] {
                for fc in [false, true] {
                    #expect(eval("a or b and c", fa, fb, fc) == (fa || (fb && fc)))
                    #expect(eval("(a or b) and c", fa, fb, fc) == ((fa || fb) && fc))
                    #expect(eval("not a and b", fa, fb, fc) == (!fa && fb))
                    #expect(eval("not (a or b)", fa, fb, fc) == !(fa || fb))
                    #expect(eval("1 of them", fa, fb, fc) == (fa || fb || fc))
                    #expect(eval("all of them", fa, fb, fc) == (fa && fb && fc))
                    #expect(eval("all of a* and not c", fa, fb, fc) == (fa && !fc))
                }
            }
        }
    }

    @Test func ofPatternsMatchNamesAndThemSkipsUnderscoreNames() {
        let d = "sel_one:\n    f: 1\nsel_two:\n    g: 2\n_hidden:\n    h: 3\ncondition: 1 of sel_* and not 1 of them"
        // `them` covers sel_one and sel_two only, so this is false whenever sel_* matches.
        #expect(!matches(d, [("f", .number("1"))]))
        let h = "sel:\n    f: 1\n_hidden:\n    h: 3\ncondition: all of them"
        #expect(matches(h, [("f", .number("1"))]))
    }

    @Test func conditionListsAreAlternatives() {
        let d = "a:\n    f: 1\nb:\n    g: 2\ncondition:\n    - a\n    - b"
        #expect(matches(d, [("g", .number("2"))]))
    }

    @Test func evidenceNamesTheFieldsTheConditionReads() {
        let rule = RuleText.rule("sel:\n    func: WRITE\nfilter:\n    id.orig_h|cidr: 10.0.0.0/8\ncondition: sel and not filter")
        let row = RuleText.row([("func", .text("WRITE")), ("id.orig_h", .text("192.0.2.7")), ("unit", .number("1"))])
        #expect(rule.matches(row))
        #expect(rule.evidence(row).map { "\($0.field)=\($0.value)" } == ["func=WRITE", "id.orig_h=192.0.2.7"])
    }
}
