import VigilCore
import VigilEvents

/// Service data (ASHRAE 135 clauses 13-16, 21) decoded into bacnet_discovery,
/// bacnet_property and bacnet_device_control rows, and device identity for the inventory.
extension BACnetAnalyzer {
    /// `errorCode`: an Error PDU's code, already read for bacnet.log.
    func services(_ a: BACnetAPDU, _ data: UnsafeRawBufferPointer, errorCode: UInt32?, isOrig: Bool, context: FlowContext) {
        guard let service = a.service, a.type <= 5 else { return }
        guard BACnetTag.readAll(data, limit: Self.maxTags, into: &tagScratch) else {
            return context.weird(
                "bacnet_malformed_tag", "\(BACnetNames.apduTypes[Int(a.type)].string) service \(service)", source: "bacnet")
        }
        let tags = tagScratch
        let invoke = a.invokeID
        switch (a.type, service) {
        case (1, 0): iAm(tags, data, isOrig: isOrig, context: context)
        case (1, 1): iHave(tags, data, isOrig: isOrig, context: context)
        case (1, 7): whoHas(tags, data, isOrig: isOrig, context: context)
        case (1, 8):
            discoveryRow("who-is", range: Self.range(tags, data), isOrig: isOrig, context: context)
        case (0, 12): propertyReference(tags, data, invoke: invoke, service: "read-property-request", isOrig: isOrig, context: context)
        case (0, 26): propertyReference(tags, data, invoke: invoke, service: "read-range-request", isOrig: isOrig, context: context)
        case (0, 14): readMultipleRequest(tags, data, invoke: invoke, isOrig: isOrig, context: context)
        case (0, 15): writeProperty(tags, data, invoke: invoke, isOrig: isOrig, context: context)
        case (0, 17), (0, 20): deviceControlRequest(service, tags, data, invoke: invoke, isOrig: isOrig, context: context)
        case (3, 12): readPropertyAck(tags, data, invoke: invoke, isOrig: isOrig, context: context)
        case (3, 14): readMultipleAck(tags, data, invoke: invoke, isOrig: isOrig, context: context)
        case (3, 26): readRangeAck(tags, data, invoke: invoke, isOrig: isOrig, context: context)
        case (2, 17), (2, 20):
            deviceControlResponse(service, result: "SUCCESS", code: .unset, invoke: invoke, isOrig: isOrig, context: context)
        case (5, 17), (5, 20):
            deviceControlResponse(
                service, result: "ERROR", code: errorCode.map(BACnetNames.errorCode) ?? .unset, invoke: invoke, isOrig: isOrig,
                context: context)
        case (5, 12), (5, 14), (5, 15), (5, 16):
            let code = errorCode.map(BACnetNames.errorCode) ?? .unset
            propertyRow(
                invoke: invoke, service: .string("ERROR: " + (BACnetNames.confirmed(service).text ?? "")), object: nil, property: nil,
                arrayIndex: nil, value: .unset, objectTypeText: code, isOrig: isOrig, context: context)
        default: break
        }
    }

    // MARK: discovery (clause 16.9, 16.10)

    /// I-Am: device identifier, max APDU, segmentation, vendor id, all application-tagged.
    func iAm(_ t: [BACnetTag], _ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        guard t.count == 4, t[0].number == 12, !t[0].isContext else {
            return context.weird("bacnet_malformed_service", "I-Am", source: "bacnet")
        }
        let device = BACnetValue.objectIdentifier(t[0].bytes(b))
        let vendorID = t[3].unsigned(b)
        let vendor = BACnetNames.vendor(vendorID)
        discoveryRow(
            "i-am", objectType: BACnetNames.objectType(device.type), instance: device.instance, vendor: vendor, isOrig: isOrig,
            context: context)
        let host = context.host(isOrig: isOrig)
        if NumberedNames.bacnetVendors[vendorID] != nil {
            context.sink.emit(.identity(host: host, field: .vendor, value: vendor, evidence: "bacnet I-Am vendor id \(vendorID)"))
        }
        context.sink.emit(.role(host: host, role: "bacnet_device"))
    }

    /// I-Have: device identifier, object identifier, object name.
    func iHave(_ t: [BACnetTag], _ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let device = t.count > 0 ? BACnetValue.objectIdentifier(t[0].bytes(b)) : (UInt32.max, UInt32.max)
        let object = t.count > 1 ? BACnetValue.objectIdentifier(t[1].bytes(b)) : (UInt32.max, UInt32.max)
        let name = t.count > 2 ? BACnetValue.characterString(t[2].bytes(b), maxBytes: context.limits.maxLogStringBytes) : ""
        discoveryRow(
            "i-have", deviceType: device.0 == .max ? nil : BACnetNames.objectType(device.0),
            deviceNumber: device.0 == .max ? nil : device.1,
            objectType: object.0 == .max ? nil : BACnetNames.objectType(object.0), instance: object.0 == .max ? nil : object.1,
            objectName: name, isOrig: isOrig, context: context)
    }

    /// Who-Has: optional limits [0] [1], then object identifier [2] or object name [3].
    func whoHas(_ t: [BACnetTag], _ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        var object: (type: UInt32, instance: UInt32)?
        var name: String?
        for tag in t where tag.isContext {
            if tag.number == 2 { object = BACnetValue.objectIdentifier(tag.bytes(b)) }
            if tag.number == 3 { name = BACnetValue.characterString(tag.bytes(b), maxBytes: context.limits.maxLogStringBytes) }
        }
        discoveryRow(
            "who-has", objectType: object.map { BACnetNames.objectType($0.type) }, instance: object?.instance, range: Self.range(t, b),
            objectName: name ?? "N/A", isOrig: isOrig, context: context)
    }

    /// Who-Is and Who-Has device range: "low-high", or "All" without limits.
    static func range(_ t: [BACnetTag], _ b: UnsafeRawBufferPointer) -> String {
        guard let low = t.first(where: { $0.isContext && $0.number == 0 && $0.kind == .data }),
            let high = t.first(where: { $0.isContext && $0.number == 1 && $0.kind == .data })
        else { return "All" }
        return "\(low.unsigned(b))-\(high.unsigned(b))"
    }

    func discoveryRow(
        _ service: String, deviceType: String? = nil, deviceNumber: UInt32? = nil, objectType: String? = nil, instance: UInt32? = nil,
        vendor: String? = nil, range: String? = nil, objectName: String? = nil, isOrig: Bool, context: FlowContext
    ) {
        context.log(BACnetLog.discovery, isOrig: isOrig) { row in
            row.add(.string(service))
            row.add(.optional(deviceType))
            row.add(.optional(deviceNumber))
            row.add(.optional(objectType))
            row.add(.optional(instance))
            row.add(.optional(vendor))
            row.add(.optional(range))
            row.add(.optional(objectName))
        }
    }

    // MARK: properties (clauses 15.5, 15.7, 15.8, 15.9)

    /// ReadProperty/ReadRange request: object [0], property [1], optional array index [2].
    func propertyReference(
        _ t: [BACnetTag], _ b: UnsafeRawBufferPointer, invoke: UInt8?, service: LogName, isOrig: Bool, context: FlowContext
    ) {
        guard let object = Self.context(t, 0, b), let property = Self.context(t, 1, b) else {
            return context.weird("bacnet_malformed_service", service.string, source: "bacnet")
        }
        propertyRow(
            invoke: invoke, service: .name(service), object: BACnetValue.objectIdentifier(object.bytes(b)),
            property: property.unsigned(b), arrayIndex: Self.context(t, 2, b).map { $0.unsigned(b) }, value: .unset, isOrig: isOrig,
            context: context)
    }

    /// ReadProperty-ACK: object [0], property [1], optional index [2], value list [3].
    /// One row per primitive (application-tagged) value, as ICSNPP logs list and array properties.
    func readPropertyAck(_ t: [BACnetTag], _ b: UnsafeRawBufferPointer, invoke: UInt8?, isOrig: Bool, context: FlowContext) {
        guard let object = Self.context(t, 0, b), let propertyTag = Self.context(t, 1, b),
            let open = t.firstIndex(where: { $0.isContext && $0.number == 3 && $0.kind == .opening }),
            let values = Self.bracket(t, open)
        else { return context.weird("bacnet_malformed_service", "ReadProperty-ACK", source: "bacnet") }
        let id = BACnetValue.objectIdentifier(object.bytes(b))
        let property = propertyTag.unsigned(b)
        let index = t[..<open].first(where: { $0.isContext && $0.number == 2 && $0.kind == .data }).map { $0.unsigned(b) }
        valueRows(
            t[values], b, invoke: invoke, service: "read-property-ack", object: id, property: property, arrayIndex: index, isOrig: isOrig,
            context: context)
        if id.type == 8 { deviceIdentity(property, t[values], b, isOrig: isOrig, context: context) }
    }

    /// ReadPropertyMultiple request: per object [0], a list [1] of property [0], index [1].
    func readMultipleRequest(_ t: [BACnetTag], _ b: UnsafeRawBufferPointer, invoke: UInt8?, isOrig: Bool, context: FlowContext) {
        var i = 0
        var object: (type: UInt32, instance: UInt32)?
        while i < t.count {
            let tag = t[i]
            if tag.isContext && tag.kind == .data && tag.number == 0 && object == nil {
                object = BACnetValue.objectIdentifier(tag.bytes(b))
            } else if tag.isContext && tag.kind == .data && tag.number == 0, let o = object {
                propertyRow(
                    invoke: invoke, service: .name("read-property-multiple-request"), object: o, property: tag.unsigned(b),
                    arrayIndex: nil, value: .unset, isOrig: isOrig, context: context)
            } else if tag.isContext && tag.kind == .closing && tag.number == 1 {
                object = nil
            }
            i += 1
        }
    }

    /// ReadPropertyMultiple-ACK: per object [0], results [1] of property [2], index [3], and
    /// either values [4] or an error [5] (logged "PropertyError").
    func readMultipleAck(_ t: [BACnetTag], _ b: UnsafeRawBufferPointer, invoke: UInt8?, isOrig: Bool, context: FlowContext) {
        var i = 0
        var object: (type: UInt32, instance: UInt32)?
        var property: UInt32?
        var index: UInt32?
        while i < t.count {
            let tag = t[i]
            guard tag.isContext else {
                i += 1
                continue
            }
            switch (tag.number, tag.kind) {
            case (0, .data): object = BACnetValue.objectIdentifier(tag.bytes(b))
            case (2, .data):
                property = tag.unsigned(b)
                index = nil
            case (3, .data): index = tag.unsigned(b)
            case (4, .opening), (5, .opening):
                guard let range = Self.bracket(t, i), let o = object, let p = property else {
                    return context.weird("bacnet_malformed_service", "ReadPropertyMultiple-ACK", source: "bacnet")
                }
                if tag.number == 4 {
                    valueRows(
                        t[range], b, invoke: invoke, service: "read-property-multiple-ack", object: o, property: p, arrayIndex: index,
                        isOrig: isOrig, context: context)
                    if o.type == 8 { deviceIdentity(p, t[range], b, isOrig: isOrig, context: context) }
                } else {
                    propertyRow(
                        invoke: invoke, service: .name("read-property-multiple-ack"), object: o, property: p, arrayIndex: index,
                        value: .name("PropertyError"), isOrig: isOrig, context: context)
                }
                i = range.upperBound
            default: break
            }
            i += 1
        }
    }

    /// WriteProperty: object [0], property [1], optional index [2], value [3], priority [4].
    /// The first primitive of the written value is logged.
    func writeProperty(_ t: [BACnetTag], _ b: UnsafeRawBufferPointer, invoke: UInt8?, isOrig: Bool, context: FlowContext) {
        guard let object = Self.context(t, 0, b), let property = Self.context(t, 1, b),
            let open = t.firstIndex(where: { $0.isContext && $0.number == 3 && $0.kind == .opening }),
            let values = Self.bracket(t, open)
        else { return context.weird("bacnet_malformed_service", "WriteProperty", source: "bacnet") }
        let p = property.unsigned(b)
        let first = t[values].first(where: { !$0.isContext && $0.kind == .data })
        propertyRow(
            invoke: invoke, service: .name("write-property"), object: BACnetValue.objectIdentifier(object.bytes(b)), property: p,
            arrayIndex: t[..<open].first(where: { $0.isContext && $0.number == 2 && $0.kind == .data }).map { $0.unsigned(b) },
            value: first.map { valueText($0, b, property: p, context: context) } ?? .unset, isOrig: isOrig, context: context)
    }

    /// ReadRange-ACK: object [0], property [1], index [2], result flags [3], item count [4].
    func readRangeAck(_ t: [BACnetTag], _ b: UnsafeRawBufferPointer, invoke: UInt8?, isOrig: Bool, context: FlowContext) {
        guard let object = Self.context(t, 0, b), let property = Self.context(t, 1, b) else {
            return context.weird("bacnet_malformed_service", "ReadRange-ACK", source: "bacnet")
        }
        propertyRow(
            invoke: invoke, service: .name("read-range-ack"), object: BACnetValue.objectIdentifier(object.bytes(b)),
            property: property.unsigned(b),
            arrayIndex: Self.context(t, 2, b).map { $0.unsigned(b) },
            value: .string("item_count: \(Self.context(t, 4, b)?.unsigned(b) ?? 0)"),
            isOrig: isOrig, context: context)
    }

    func valueRows(
        _ values: ArraySlice<BACnetTag>, _ b: UnsafeRawBufferPointer, invoke: UInt8?, service: LogName,
        object: (type: UInt32, instance: UInt32), property: UInt32, arrayIndex: UInt32?, isOrig: Bool, context: FlowContext
    ) {
        // An empty list yields no row; a Null element yields a row with the value unset.
        for v in values where !v.isContext && v.kind == .data {
            propertyRow(
                invoke: invoke, service: .name(service), object: object, property: property, arrayIndex: arrayIndex,
                value: valueText(v, b, property: property, context: context), isOrig: isOrig, context: context)
        }
    }

    /// A value's text, with enumerated properties named as ICSNPP does (event-state, units...).
    func valueText(_ v: BACnetTag, _ b: UnsafeRawBufferPointer, property: UInt32, context: FlowContext) -> LogValue {
        if v.number == 9 || v.number == 2, let table = BACnetNames.enumeration(ofProperty: property) {
            let n = v.unsigned(b)
            return table.field(n) { String(n) }
        }
        guard let text = BACnetValue.text(v, b, maxBytes: context.limits.maxLogStringBytes), !text.isEmpty else { return .unset }
        return .string(text)
    }

    /// `objectTypeText`, when set, takes the object type's place (an Error PDU's code).
    func propertyRow(
        invoke: UInt8?, service: LogValue, object: (type: UInt32, instance: UInt32)?, property: UInt32?, arrayIndex: UInt32?,
        value: LogValue, objectTypeText: LogValue = .unset, isOrig: Bool, context: FlowContext
    ) {
        context.log(BACnetLog.property, isOrig: isOrig) { row in
            row.add(optionalCount: invoke)
            row.add(service)
            if case .unset = objectTypeText {
                if let object {
                    row.add(BACnetNames.objectTypes, object.type) { BACnetNames.unknownObjectType(object.type) }
                } else {
                    row.addUnset()
                }
            } else {
                row.add(objectTypeText)
            }
            row.add(optionalCount: object?.instance)
            if let property {
                row.add(BACnetNames.properties, property) { BACnetNames.unknownProperty(property) }
            } else {
                row.addUnset()
            }
            row.add(optionalCount: arrayIndex)
            row.add(value)
        }
    }

    /// Identity a device states in its own Device object (clause 12.11).
    func deviceIdentity(
        _ property: UInt32, _ values: ArraySlice<BACnetTag>, _ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext
    ) {
        let field: IdentityField
        switch property {
        case 121: field = .vendor
        case 70: field = .model
        case 44: field = .firmware
        case 12: field = .software
        case 77: field = .name
        default: return
        }
        guard let tag = values.first(where: { !$0.isContext && $0.number == 7 }) else { return }
        let text = BACnetValue.characterString(tag.bytes(b), maxBytes: context.limits.maxLogStringBytes)
        guard !text.isEmpty else { return }
        context.sink.emit(
            .identity(
                host: context.host(isOrig: isOrig), field: field, value: text,
                evidence: "bacnet ReadProperty \(BACnetNames.property(property))"))
    }

    // MARK: device control (clauses 16.1, 16.4)

    static let enableDisable: [LogName] = ["enable", "disable", "disable-initiation"]
    static let reinitializedStates: [LogName] = [
        "coldstart", "warmstart", "start-backup", "end-backup", "start-restore", "end-restore", "abort-restore", "activate-changes",
    ]

    /// DeviceCommunicationControl: duration [0], enable-disable [1], password [2];
    /// ReinitializeDevice: state [0], password [1]. A missing password is logged empty.
    func deviceControlRequest(
        _ service: UInt8, _ t: [BACnetTag], _ b: UnsafeRawBufferPointer, invoke: UInt8?, isOrig: Bool, context: FlowContext
    ) {
        let dcc = service == 17
        let duration = dcc ? Self.context(t, 0, b).map { $0.unsigned(b) }.flatMap { $0 == 0 ? nil : $0 } : nil
        let stateTag = Self.context(t, dcc ? 1 : 0, b)
        let state =
            stateTag.map { Int($0.unsigned(b)) }.map {
                BACnetNames.name(dcc ? Self.enableDisable : Self.reinitializedStates, $0, unknown: "Unknown State")
            } ?? .unset
        let password =
            Self.context(t, dcc ? 2 : 1, b).map { BACnetValue.characterString($0.bytes(b), maxBytes: context.limits.maxLogStringBytes) }
            ?? ""
        context.log(BACnetLog.deviceControl, isOrig: isOrig) { row in
            row.add(.optional(invoke))
            row.add(BACnetNames.confirmed(service))
            row.add(.optional(duration))
            row.add(state)
            row.add(.string(password))
            row.add(.unset)
            row.add(.unset)
        }
    }

    func deviceControlResponse(_ service: UInt8, result: LogName, code: LogValue, invoke: UInt8?, isOrig: Bool, context: FlowContext) {
        context.log(BACnetLog.deviceControl, isOrig: isOrig) { row in
            row.add(.optional(invoke))
            row.add(BACnetNames.confirmed(service))
            row.add(.unset)
            row.add(.unset)
            row.add(.unset)
            row.add(.name(result))
            row.add(code)
        }
    }

    // MARK: tag helpers

    /// The first context-tagged primitive with this number at the outer level.
    static func context(_ t: [BACnetTag], _ number: UInt32, _ b: UnsafeRawBufferPointer) -> BACnetTag? {
        var depth = 0
        for tag in t {
            switch tag.kind {
            case .opening: depth += 1
            case .closing: depth -= 1
            case .data: if depth == 0 && tag.isContext && tag.number == number { return tag }
            }
        }
        return nil
    }

    /// The tags between the opening tag at `open` and its matching closing tag.
    static func bracket(_ t: [BACnetTag], _ open: Int) -> Range<Int>? {
        var depth = 0
        for i in open..<t.count {
            switch t[i].kind {
            case .opening: depth += 1
            case .closing:
                depth -= 1
                if depth == 0 { return (open + 1)..<i }
            case .data: break
            }
        }
        return nil
    }
}
