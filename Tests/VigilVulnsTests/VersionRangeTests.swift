import Testing

@testable import VigilVulns

/// Version comparison and every range form found in the shared CISA advisories' branch names
/// (a survey of their 4,406 product_version_range and 406 product_version names, by shape).
@Suite struct VersionRangeTests {
    func v(_ s: String) -> VendorVersion { VendorVersion(s)! }

    func affected(_ range: String, _ version: String, isRange: Bool = true) -> Bool? {
        VersionRangeParser.parse(range, isRange: isRange).contains(v(version))
    }

    @Test func vendorSchemesCompare() {
        #expect(v("V3.2.6") < v("V3.2.19"))
        #expect(v("4.003") == v("4.3"))
        #expect(v("2.62") > v("2.7"))
        #expect(v("3.2") == v("3.2.0"))
        #expect(v("5.1.0.4400") < v("5.1.1"))
        #expect(v("R15A") < v("R15B"))
        #expect(v("V5.5") < v("V5.5 SP1"))
        #expect(v("V19 Update 2") < v("V19 Update 10"))
        #expect(v("1.0 beta") < v("1.0"))
        #expect(v("15.2(5)EA.fc4") < v("15.2(6)E0a"))
        #expect(v("FW 14") == v("14"))
        #expect(VendorVersion("LF") == nil)
        #expect(VendorVersion("the first 5 digits of serial No.") == nil)
    }

    @Test func versStrings() {
        #expect(affected("vers:all/*", "1.0") == true)
        #expect(affected("vers:all/<V4.3.8", "V4.3.7") == true)
        #expect(affected("vers:all/<V4.3.8", "V4.3.8") == false)
        #expect(affected("vers:all/<V8.0", "7.9") == true)
        #expect(affected("vers:all/<V14.2.0.5", "14.2.0.4") == true)
        #expect(affected("vers:all/>=V5.4<V5.5 SP1", "V5.5") == true)
        #expect(affected("vers:all/>=V5.4<V5.5 SP1", "V5.5 SP1") == false)
        #expect(affected("vers:all/>=V5.4<V5.5 SP1", "V5.3") == false)
        #expect(affected("vers:all/>=V3.0.1<V3.0.3", "V3.0.2") == true)
        #expect(affected("vers:all/>=V11.5.1|<V11.6.2", "V11.6.0") == true)
        #expect(affected("vers:all/>=V11.5.1|<V11.6.2", "V11.6.2") == false)
        #expect(affected("vers:all/<V222.0 Update 13", "V222.0 Update 12") == true)
    }

    @Test func comparatorText() {
        #expect(affected("<V10.4.4", "V10.4.3") == true)
        #expect(affected("<V4.5", "V4.5") == false)
        #expect(affected("<= 1.86", "1.86") == true)
        #expect(affected("<= 4.10.00", "4.10") == true)
        #expect(affected("<V8.10.0.6", "8.10.0.5") == true)
        #expect(affected("< 1.0.7", "1.0.6") == true)
        #expect(affected("< FW14", "13") == true)
        #expect(affected("<V19_Update_2", "V19 Update 1") == true)
        #expect(affected("<=6.3.13", "6.3.14") == false)
        #expect(affected("<= 2020", "2019") == true)
        // Dotted parts are numbers: 12.4 is before 12.38, 12.40 after it.
        #expect(affected("<12.38", "12.4") == true)
        #expect(affected("<12.38", "12.40") == false)
        #expect(affected("< 02.07.07(10)", "02.07.07(09)") == true)
        #expect(affected(">=V8.3", "V8.2") == false)
        #expect(affected("<=1.4.0_build221212", "1.4.0 build221211") == true)
        #expect(affected("<= 15.2(6)E0a", "15.2(5)EA.fc4") == true)
        #expect(affected("<V3.2_SP2", "V3.2 SP1") == true)
        #expect(affected("<V8.0_Update_5", "V8.0 Update 5") == false)
        #expect(affected("<R511.5_TCU4_HF4", "R511.5 TCU4 HF3") == true)
        #expect(affected(">= 31.011 ", "31.011") == true)
        #expect(affected("<= 20.06.3.0", "20.06.3.0") == true)
    }

    @Test func spansAndLists() {
        #expect(affected(">= 1.31 | <= 1.4", "1.35") == true)
        #expect(affected(">= 11.0.0 | <= 11.0.6", "11.0.7") == false)
        #expect(affected(">=12.0.1|<=12.0.14", "12.0.14") == true)
        #expect(affected(">=11.1.0|<11.1.7", "11.1.7") == false)
        #expect(affected(">v33.011|<v33.015", "33.011") == false)
        #expect(affected(">v33.011|<v33.015", "33.012") == true)
        #expect(affected(">=R1.01|<=R4.31", "R4.30") == true)
        #expect(affected(">=R3.08.10 | <= R3.09.00", "R3.08.09") == false)
        #expect(affected(">= 20 | <= 30.014", "25") == true)
        #expect(affected("28  - 32", "30") == true)
        #expect(affected("20-33", "34") == false)
        #expect(affected("V5.3.1 build 150410 to V5.4.4 Build 161125", "V5.4.0") == true)
        #expect(affected(">FW19_up_to_and_including_FW26", "26") == true)
        #expect(affected(">FW19_up_to_and_including_FW26", "19") == false)
        #expect(affected("5.1 | 6.0 | 6.1", "6.0", isRange: false) == true)
        #expect(affected("5.1 | 6.0 | 6.1", "6.2", isRange: false) == false)
        #expect(affected("9.6 | 9.8", "9.8", isRange: false) == true)
        #expect(affected("2.2", "2.2", isRange: false) == true)
        #expect(affected("V13.001", "13.1", isRange: false) == true)
        #expect(affected("R16A", "R16A", isRange: false) == true)
        #expect(affected("8.00-20140730", "8.00-20140730", isRange: false) == true)
    }

    @Test func englishRanges() {
        #expect(affected("All versions", "1") == true)
        #expect(affected("Version 16.00 and prior versions", "16.00") == true)
        #expect(affected("Version 16.00 and prior versions", "16.01") == false)
        #expect(affected("v9.01.00 and earlier", "9.0") == true)
        #expect(affected("prior to 5.1", "5.1") == false)
        #expect(affected("prior to 5.1", "5.0.9") == true)
        #expect(affected("All versions prior to 10.1.6", "10.1.5") == true)
        #expect(affected("versions 5.00 and later", "4.9") == false)
        #expect(affected("All versions < CPCI85 V05.11", "5.0") == nil)
        #expect(affected("All BIOS versions < V1.0.212N", "1.0.211") == true)
    }

    @Test func releaseLinesEachWithTheirFix() {
        // Rockwell: fixed in 36.011 on line 36, 35.013 on 35, 34.014 on 34; older lines unfixed.
        let r = "<v36.011_v35.013_v34.014"
        #expect(affected(r, "36.010") == true)
        #expect(affected(r, "36.011") == false)
        #expect(affected(r, "35.014") == false)
        #expect(affected(r, "34.013") == true)
        #expect(affected(r, "33.017") == true)
        #expect(affected(r, "37.011") == false)
        #expect(VersionRangeParser.parse(r).fixedVersion(for: v("35.001"))?.text == "v35.013")
    }

    @Test func conditionsAndUnreadableText() {
        let conditional = VersionRangeParser.parse("<V8.18.31_only_if_the_basic_authentication_mechanism_is_used_by_the_application")
        #expect(conditional.conditional)
        #expect(conditional.contains(v("V8.18.30")) == true)
        #expect(conditional.fixedVersion(for: nil)?.text == "V8.18.31")
        let manufactured = VersionRangeParser.parse(
            ">=V3.2.3_<V3.3.0_only_when_manufactured_between_LQN231003..._and_LQN231215..._with_LQNYYMMDD...")
        #expect(manufactured.conditional)
        #expect(manufactured.contains(v("V3.2.5")) == true)
        #expect(affected("<=The_first_5_digits_of_serial_No._\"26061\"", "1.0") == nil)
        #expect(affected("<=LF", "1.0") == nil)
        #expect(affected("<=B13__without_Special_Modification_Patch_BRD-C62W003-A0_installed", "1.0") == nil)
        #expect(affected("<MP4", "1.0") == nil)
    }

    @Test func fixedVersionKeepsTheAdvisorysSpelling() {
        #expect(VersionRangeParser.parse("vers:all/<V3.2.19").fixedVersion(for: v("V3.2.7"))?.text == "V3.2.19")
        #expect(VersionRangeParser.parse("<= 10.10").fixedVersion(for: v("9")) == nil)
    }
}
