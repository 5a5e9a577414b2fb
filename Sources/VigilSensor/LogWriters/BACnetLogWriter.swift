import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Writes BACnet events as ICSNPP-bacnet's logs (bacnet, bacnet_discovery, bacnet_property,
/// bacnet_device_control), with the direction block of its current version.
final class BACnetLogWriter {
    static let header = LogSchema(
        path: "bacnet",
        fields: LogSchema.directionalFields + [
            LogField("bvlc_function", "string"), LogField("pdu_type", "string"), LogField("pdu_service", "string"),
            LogField("invoke_id", "count"), LogField("result_code", "string"),
        ])

    static let discovery = LogSchema(
        path: "bacnet_discovery",
        fields: LogSchema.directionalFields + [
            LogField("pdu_service", "string"), LogField("device_id_type", "string"), LogField("device_id_number", "count"),
            LogField("object_type", "string"), LogField("instance_number", "count"), LogField("vendor", "string"),
            LogField("range", "string"), LogField("object_name", "string"),
        ])

    static let property = LogSchema(
        path: "bacnet_property",
        fields: LogSchema.directionalFields + [
            LogField("invoke_id", "count"), LogField("pdu_service", "string"), LogField("object_type", "string"),
            LogField("instance_number", "count"), LogField("property", "string"), LogField("array_index", "count"),
            LogField("value", "string"),
        ])

    static let deviceControl = LogSchema(
        path: "bacnet_device_control",
        fields: LogSchema.directionalFields + [
            LogField("invoke_id", "count"), LogField("pdu_service", "string"), LogField("time_duration", "count"),
            LogField("device_state", "string"), LogField("password", "string"), LogField("result", "string"),
            LogField("result_code", "string"),
        ])

    /// ICSNPP's names of the property services, by confirmed service choice and direction: a
    /// switch, not a dictionary, as it runs for every bacnet_property row.
    static func propertyService(_ service: UInt8, isAck: Bool) -> LogName? {
        switch service {
        case 12: return isAck ? "read-property-ack" : "read-property-request"
        case 14: return isAck ? "read-property-multiple-ack" : "read-property-multiple-request"
        case 15: return "write-property"
        case 26: return isAck ? "read-range-ack" : "read-range-request"
        default: return nil
        }
    }

    /// ICSNPP's names of the discovery services, by unconfirmed service choice.
    static func discoveryService(_ service: UInt8) -> String {
        switch service {
        case 0: return "i-am"
        case 1: return "i-have"
        case 7: return "who-has"
        case 8: return "who-is"
        default: return "\(service)"
        }
    }

    private var text = FlowTextCache()

    func write(_ e: BACnetEvent, to router: EventRouter) {
        let flow = text.fieldText(e.flow)
        func row(_ schema: LogSchema, _ fields: (inout LogRow) -> Void) { router.log(schema, for: e, flow, fields) }
        func header(bvlc: UInt8, type: LogName?, service: LogValue, invokeID: UInt8?, result: LogValue) {
            row(Self.header) { row in
                row.add(BACnetNames.name(BACnetNames.bvlcFunctions, Int(bvlc), unknown: "Unknown BVLC Function Code"))
                row.add(optionalName: type)
                row.add(service)
                row.add(optionalCount: invokeID)
                row.add(result)
            }
        }
        switch e.message {
        case .bvlc(let function, let result):
            header(
                bvlc: function, type: nil, service: .unset, invokeID: nil,
                result: result.map { code in
                    BACnetNames.bvlcResults[code].map { .name($0) }
                        ?? .string("Unknown BVLC Result Code-\(Hex.zeek(UInt64(code), minimumWidth: 2))")
                } ?? .unset)
        case .networkMessage(let bvlc, let type):
            let name: LogValue =
                type >= 0x80
                ? .string("proprietary_message-\(Hex.zeek(UInt64(type), minimumWidth: 2))")
                : BACnetNames.name(BACnetNames.networkMessages, Int(type), unknown: "Unknown NPDU Message Type")
            header(bvlc: bvlc, type: "NPDU", service: name, invokeID: nil, result: .unset)
        case .apdu(let bvlc, let type, let service, let invokeID, let errorCode, let reason):
            var serviceName = LogValue.unset
            var result = LogValue.unset
            switch type {
            case 0, 2, 3: serviceName = service.map(BACnetNames.confirmed) ?? .unset
            case 1: serviceName = service.map(BACnetNames.unconfirmed) ?? .unset
            case 5:
                serviceName = service.map(BACnetNames.confirmed) ?? .unset
                result = errorCode.map(BACnetNames.errorCode) ?? .unset
            case 6:
                serviceName = .name("reject")
                result = reason.map { BACnetNames.name(BACnetNames.rejectReasons, UInt32($0), unknown: "Unknown Reject Reason") } ?? .unset
            case 7:
                serviceName = .name("abort")
                result = reason.map { BACnetNames.name(BACnetNames.abortReasons, UInt32($0), unknown: "Unknown Abort Reason") } ?? .unset
            default: break
            }
            header(bvlc: bvlc, type: BACnetNames.apduTypes[Int(type)], service: serviceName, invokeID: invokeID, result: result)
        case .discovery(let service, let device, let object, let vendorID, let range, let objectName):
            // I-Am names its device in the object columns, as ICSNPP logs it.
            let shown = service == 0 ? device : object
            row(Self.discovery) { row in
                row.add(.string(Self.discoveryService(service)))
                row.add(.optional(service == 0 ? nil : device.map { BACnetNames.objectType($0.type) }))
                row.add(.optional(service == 0 ? nil : device?.instance))
                row.add(.optional(shown.map { BACnetNames.objectType($0.type) }))
                row.add(.optional(shown?.instance))
                row.add(.optional(vendorID.map(BACnetNames.vendor)))
                row.add(.optional(range))
                row.add(.optional(service == 7 ? objectName ?? "N/A" : objectName))
            }
        case .property(let invokeID, let service, let isAck, let object, let property, let arrayIndex, let value):
            row(Self.property) { row in
                row.add(optionalCount: invokeID)
                row.add(Self.propertyService(service, isAck: isAck).map { .name($0) } ?? BACnetNames.confirmed(service))
                row.add(BACnetNames.objectTypes, object.type) { BACnetNames.unknownObjectType(object.type) }
                row.add(optionalCount: object.instance)
                row.add(BACnetNames.properties, property) { BACnetNames.unknownProperty(property) }
                row.add(optionalCount: arrayIndex)
                switch value {
                case nil: row.addUnset()
                case .enumerated(let n)?:
                    if let table = BACnetNames.enumeration(ofProperty: property) {
                        row.add(table.field(n) { String(n) })
                    } else {
                        row.add(.string(String(n)))
                    }
                case .text(let s)?: row.add(.string(s))
                case .propertyError?: row.add(.name("PropertyError"))
                case .itemCount(let n)?: row.add(.string("item_count: \(n)"))
                }
            }
        case .propertyServiceError(let invokeID, let service, let errorCode):
            row(Self.property) { row in
                row.add(optionalCount: invokeID)
                row.add(.string("ERROR: " + (BACnetNames.confirmed(service).text ?? "")))
                // The error code stands where the object type would.
                row.add(errorCode.map(BACnetNames.errorCode) ?? .unset)
                row.addUnset(count: 4)
            }
        case .deviceControlRequest(let invokeID, let service, let duration, let state, let password):
            let states = service == 17 ? BACnetNames.enableDisable : BACnetNames.reinitializedStates
            row(Self.deviceControl) { row in
                row.add(.optional(invokeID))
                row.add(BACnetNames.confirmed(service))
                row.add(.optional(duration))
                row.add(state.map { BACnetNames.name(states, $0, unknown: "Unknown State") } ?? .unset)
                row.add(.string(password))
                row.addUnset(count: 2)
            }
        case .deviceControlResponse(let invokeID, let service, let succeeded, let errorCode):
            row(Self.deviceControl) { row in
                row.add(.optional(invokeID))
                row.add(BACnetNames.confirmed(service))
                row.addUnset(count: 3)
                row.add(.name(succeeded ? "SUCCESS" : "ERROR"))
                row.add(succeeded ? .unset : errorCode.map(BACnetNames.errorCode) ?? .unset)
            }
        }
    }
}
