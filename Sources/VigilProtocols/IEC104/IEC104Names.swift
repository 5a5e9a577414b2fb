/// IEC 60870-5-101/104 type identifications and causes of transmission, and the size of
/// each type's information element set (IEC 60870-5-101 clause 7.3, IEC 60870-5-104 clause 8).
enum IEC104Names {
    /// type id → (mnemonic, bytes after the information object address). Nil size: variable
    /// (F_SG_NA_1, whose segment length is in the element).
    static let types: [UInt8: (name: String, size: Int?)] = [
        1: ("M_SP_NA_1", 1), 2: ("M_SP_TA_1", 4), 3: ("M_DP_NA_1", 1), 4: ("M_DP_TA_1", 4), 5: ("M_ST_NA_1", 2),
        6: ("M_ST_TA_1", 5), 7: ("M_BO_NA_1", 5), 8: ("M_BO_TA_1", 8), 9: ("M_ME_NA_1", 3), 10: ("M_ME_TA_1", 6),
        11: ("M_ME_NB_1", 3), 12: ("M_ME_TB_1", 6), 13: ("M_ME_NC_1", 5), 14: ("M_ME_TC_1", 8), 15: ("M_IT_NA_1", 5),
        16: ("M_IT_TA_1", 8), 17: ("M_EP_TA_1", 6), 18: ("M_EP_TB_1", 7), 19: ("M_EP_TC_1", 7), 20: ("M_PS_NA_1", 5),
        21: ("M_ME_ND_1", 2), 30: ("M_SP_TB_1", 8), 31: ("M_DP_TB_1", 8), 32: ("M_ST_TB_1", 9), 33: ("M_BO_TB_1", 12),
        34: ("M_ME_TD_1", 10), 35: ("M_ME_TE_1", 10), 36: ("M_ME_TF_1", 12), 37: ("M_IT_TB_1", 12), 38: ("M_EP_TD_1", 10),
        39: ("M_EP_TE_1", 11), 40: ("M_EP_TF_1", 11), 45: ("C_SC_NA_1", 1), 46: ("C_DC_NA_1", 1), 47: ("C_RC_NA_1", 1),
        48: ("C_SE_NA_1", 3), 49: ("C_SE_NB_1", 3), 50: ("C_SE_NC_1", 5), 51: ("C_BO_NA_1", 4), 58: ("C_SC_TA_1", 8),
        59: ("C_DC_TA_1", 8), 60: ("C_RC_TA_1", 8), 61: ("C_SE_TA_1", 10), 62: ("C_SE_TB_1", 10), 63: ("C_SE_TC_1", 12),
        64: ("C_BO_TA_1", 11), 70: ("M_EI_NA_1", 1), 100: ("C_IC_NA_1", 1), 101: ("C_CI_NA_1", 1), 102: ("C_RD_NA_1", 0),
        103: ("C_CS_NA_1", 7), 104: ("C_TS_NA_1", 2), 105: ("C_RP_NA_1", 1), 106: ("C_CD_NA_1", 2), 107: ("C_TS_TA_1", 9),
        110: ("P_ME_NA_1", 3), 111: ("P_ME_NB_1", 3), 112: ("P_ME_NC_1", 5), 113: ("P_AC_NA_1", 1), 120: ("F_FR_NA_1", 6),
        121: ("F_SR_NA_1", 7), 122: ("F_SC_NA_1", 4), 123: ("F_LS_NA_1", 5), 124: ("F_AF_NA_1", 4), 125: ("F_SG_NA_1", nil),
        126: ("F_DR_TA_1", 13), 127: ("F_SC_NB_1", 16),
    ]

    /// Causes of transmission (IEC 60870-5-101 clause 7.2.3), in the spelling of the public
    /// Zeek IEC 104 analyzers.
    static func cause(_ c: UInt8) -> String? {
        switch c {
        case 1: return "per_cyc"
        case 2: return "back"
        case 3: return "spont"
        case 4: return "init"
        case 5: return "req"
        case 6: return "act"
        case 7: return "actcon"
        case 8: return "deact"
        case 9: return "deactcon"
        case 10: return "actterm"
        case 11: return "retrem"
        case 12: return "retloc"
        case 13: return "file"
        case 20: return "inrogen"
        case 21...36: return "inro\(c - 20)"
        case 37: return "reqcogen"
        case 38...41: return "reqco\(c - 37)"
        case 44: return "unknown_type"
        case 45: return "unknown_cause"
        case 46: return "unknown_asdu_address"
        case 47: return "unknown_object_address"
        default: return nil
        }
    }

    /// U-format functions (IEC 60870-5-104 clause 5.3): one bit set in control octet 1.
    static func uFunction(_ control: UInt8) -> String? {
        switch control & 0xFC {
        case 0x04: return "STARTDT_act"
        case 0x08: return "STARTDT_con"
        case 0x10: return "STOPDT_act"
        case 0x20: return "STOPDT_con"
        case 0x40: return "TESTFR_act"
        case 0x80: return "TESTFR_con"
        default: return nil
        }
    }
}
