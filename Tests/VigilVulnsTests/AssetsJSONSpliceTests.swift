import Testing
import VigilCore

@testable import VigilVulns

/// Replacing each asset's `vulnerabilities` in assets.json text, every other byte kept.
@Suite struct AssetsJSONSpliceTests {
    func splice(_ text: String, _ replacements: [String]) throws(VigilError) -> String {
        String(
            decoding: try AssetsJSONSplice.splice(Array(text.utf8), replacements: replacements.map { Array($0.utf8) }, path: "assets.json"),
            as: UTF8.self)
    }

    @Test func aValueIsReplacedAndAMissingOneAdded() throws {
        let text =
            #"{"assets":[{"key":"a","vulnerabilities":[{"cve":"X"}],"n":1},{"key":"b \"}\" [","peers":[{"x":[1,{}]}]},{}],"after":true}"#
        #expect(
            try splice(text, ["[]", #"[{"cve":"Y"}]"#, "[]"])
                == #"{"assets":[{"key":"a","vulnerabilities":[],"n":1},{"key":"b \"}\" [","peers":[{"x":[1,{}]}],"vulnerabilities":[{"cve":"Y"}]},{"vulnerabilities":[]}],"after":true}"#
        )
    }

    @Test func assetsBeyondTheReplacementsAndWhiteSpaceAreKept() throws {
        let text = "{ \"top\" : null,\n \"assets\" : [ {\"key\": \"a\"} , {\"key\": \"b\", \"vulnerabilities\": [1]} ] }\n"
        #expect(
            try splice(text, ["[2]"])
                == "{ \"top\" : null,\n \"assets\" : [ {\"key\": \"a\",\"vulnerabilities\":[2]} , {\"key\": \"b\", \"vulnerabilities\": [1]} ] }\n"
        )
        #expect(try splice(#"{"assets":[]}"#, ["[]"]) == #"{"assets":[]}"#)
    }

    @Test func brokenDocumentsNameTheByte() {
        for (text, message) in [
            (#"{"assets":[{"key":"a"]}"#, "at byte 21: ',' was expected"),
            (#"{"other":[]}"#, "no assets array"),
            (#"{"assets":[{"key":"a"#, "the document ends inside a string"),
            ("[]", "at byte 0: '{' was expected"),
        ] {
            #expect(throws: VigilError.self) { try splice(text, ["[]"]) }
            do {
                _ = try splice(text, ["[]"])
            } catch {
                #expect(error.description.contains(message), "\(text): \(error.description)")
                #expect(error.description.contains("assets.json"))
            }
        }
    }
}
