import VigilCore

/// Names as ICSNPP-bacnet logs them. Services and BVLC/NPDU names are ICSNPP's snake_case
/// spellings of ASHRAE 135 clause 21 (BACnetConfirmedServiceChoice,
/// BACnetUnconfirmedServiceChoice) and Annex J; the long tables are generated (OTRegistry).
public enum BACnetNames {
    public static let bvlcFunctions: [LogName] = [
        "BVLC_Result", "Write_Broadcast_Table", "Read_Broadcast_Table", "Read_Broadcast_Table_ACK", "Forwarded_NPDU",
        "Register_Foreign_Device", "Read_Foreign_Device_Table", "Read_Foreign_Device_Table_ACK",
        "Delete_Foreign_Device_Table_Entry", "Distribute_Broadcast_to_Network", "Original_Unicast_NPDU",
        "Original_Broadcast_NPDU", "Secure_BVLL",
    ]

    /// BVLC-Result codes (Annex J.2.1.1).
    public static let bvlcResults: [UInt16: LogName] = [
        0x00: "Successful_completion", 0x10: "Write-Broadcast-Distribution-Table_NAK",
        0x20: "Read-Broadcast-Distribution-Table_NAK", 0x30: "Register-Foreign-Device_NAK",
        0x40: "Read-Foreign-Device-Table_NAK", 0x50: "Delete-Foreign-Device-Table-Entry_NAK",
        0x60: "Distribute-Broadcast-To-Network_NAK",
    ]

    public static let apduTypes: [LogName] = [
        "CONFIRMED_REQUEST", "UNCONFIRMED_REQUEST", "SIMPLE_ACK", "COMPLEX_ACK", "SEGMENT_ACK", "ERROR_PDU", "REJECT_PDU",
        "ABORT_PDU",
    ]

    public static let confirmedServices: [LogName] = [
        "acknowledge_alarm", "confirmed_cov_notification", "confirmed_event_notification", "get_alarm_summary",
        "get_enrollment_summary", "subscribe_cov", "atomic_read_file", "atomic_write_file", "add_list_element",
        "remove_list_element", "create_object", "delete_object", "read_property", "read_property_conditional",
        "read_property_multiple", "write_property", "write_property_multiple", "device_communication_control",
        "confirmed_private_transfer", "confirmed_text_message", "reinitialize_device", "vt_open", "vt_close", "vt_data",
        "authenticate", "request_key", "read_range", "life_safety_operation", "subscribe_cov_property",
        "get_event_information", "subscribe_cov_property_multiple", "confirmed_cov_notification_multiple",
        "confirmed_audit_notification", "audit_log_query",
    ]

    public static let unconfirmedServices: [LogName] = [
        "i_am", "i_have", "unconfirmed_cov_notification", "unconfirmed_event_notification", "unconfirmed_private_transfer",
        "unconfirmed_text_message", "time_synchronization", "who_has", "who_is", "utc_time_synchronization", "write_group",
        "unconfirmed_cov_notification_multiple", "unconfirmed_audit_notification", "who_am_i", "you_are",
    ]

    /// Network layer message types (clause 6.2.4).
    public static let networkMessages: [LogName] = [
        "who_is_router_to_network", "i_am_router_to_network", "i_could_be_router_to_network", "reject_message_to_network",
        "router_busy_to_network", "router_available_to_network", "initialize_routing_table", "initialize_routing_table_ack",
        "establish_connection_to_network", "disconnect_connection_to_network", "challenge_request", "security_payload",
        "security_response", "request_key_update", "update_key_set", "update_distribution_key", "request_master_key",
        "set_master_key", "what_is_network_number", "network_number_is",
    ]

    /// DeviceCommunicationControl's enable-disable (clause 16.1.1.1.2).
    public static let enableDisable: [LogName] = ["enable", "disable", "disable-initiation"]
    /// ReinitializeDevice's reinitialized-state-of-device (clause 16.4.1.1.1).
    public static let reinitializedStates: [LogName] = [
        "coldstart", "warmstart", "start-backup", "end-backup", "start-restore", "end-restore", "abort-restore", "activate-changes",
    ]
    public static let objectTypes = NumberedNames(OTRegistry.bacnetObjectTypes)
    public static let properties = NumberedNames(OTRegistry.bacnetProperties)
    public static let errorCodes = NumberedNames(OTRegistry.bacnetErrorCodes)
    public static let rejectReasons = NumberedNames(OTRegistry.bacnetRejectReasons)
    public static let abortReasons = NumberedNames(OTRegistry.bacnetAbortReasons)

    /// Enumerated property values ICSNPP names (its bacnet_property value switch): the
    /// property identifier selects the enumeration.
    public static func enumeration(ofProperty property: UInt32) -> NumberedNames? {
        switch property {
        case 36: eventStates
        case 72: notifyTypes
        case 79: objectTypes
        case 103: reliability
        case 107: segmentation
        case 112: deviceStatus
        case 117: units
        case 197: loggingTypes
        default: nil
        }
    }
    public static let eventStates = NumberedNames(OTRegistry.bacnetEventStates)
    public static let notifyTypes = NumberedNames(OTRegistry.bacnetNotifyTypes)
    public static let reliability = NumberedNames(OTRegistry.bacnetReliability)
    public static let segmentation = NumberedNames(OTRegistry.bacnetSegmentation)
    public static let deviceStatus = NumberedNames(OTRegistry.bacnetDeviceStatus)
    public static let units = NumberedNames(OTRegistry.bacnetUnits)
    public static let loggingTypes = NumberedNames(OTRegistry.bacnetLoggingTypes)

    public static func name(_ table: [LogName], _ n: Int, unknown: String) -> LogValue {
        n >= 0 && n < table.count ? .name(table[n]) : .string("\(unknown)-\(Hex.zeek(UInt64(n), minimumWidth: 2))")
    }

    /// A generated table's name, or ICSNPP's "Unknown <what>-0x.." for numbers it lacks.
    public static func name(_ table: NumberedNames, _ n: UInt32, unknown: String) -> LogValue {
        table.field(n) { "\(unknown)-\(Hex.zeek(UInt64(n), minimumWidth: 2))" }
    }

    public static func errorCode(_ n: UInt32) -> LogValue { name(errorCodes, n, unknown: "Unknown Error Code") }

    public static func confirmed(_ n: UInt8) -> LogValue { name(confirmedServices, Int(n), unknown: "Unknown Service Choice") }
    public static func unconfirmed(_ n: UInt8) -> LogValue { name(unconfirmedServices, Int(n), unknown: "Unknown Service Choice") }

    public static func objectType(_ n: UInt32) -> String { objectTypes[n] ?? unknownObjectType(n) }
    /// ICSNPP's text for an object type its table lacks.
    public static func unknownObjectType(_ n: UInt32) -> String {
        n >= 128 ? "Vendor Specific (\(n))" : "Unknown Object Type-\(Hex.zeek(UInt64(n), minimumWidth: 2))"
    }

    public static func property(_ n: UInt32) -> String { properties[n] ?? unknownProperty(n) }
    /// ICSNPP's text for a property identifier its table lacks.
    public static func unknownProperty(_ n: UInt32) -> String {
        n >= 512 ? "Vendor Specific (\(n))" : "Unknown Property-\(Hex.zeek(UInt64(n), minimumWidth: 2))"
    }

    public static func vendor(_ n: UInt32) -> String {
        NumberedNames.bacnetVendors[n] ?? "Unknown Vendor-\(Hex.zeek(UInt64(n), minimumWidth: 2))"
    }
}
