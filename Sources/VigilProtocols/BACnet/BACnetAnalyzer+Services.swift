import VigilCore
import VigilEvents

/// Service data (ASHRAE 135 clauses 13-16, 21) decoded into discovery, property and
/// device-control events, and device identity for the inventory.
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
            discovery(8, range: Self.range(tags, data), isOrig: isOrig, context: context)
        case (0, 12), (0, 26): propertyReference(tags, data, invoke: invoke, service: service, isOrig: isOrig, context: context)
        case (0, 14): readMultipleRequest(tags, data, invoke: invoke, isOrig: isOrig, context: context)
        case (0, 15): writeProperty(tags, data, invoke: invoke, isOrig: isOrig, context: context)
        case (0, 17), (0, 20): deviceControlRequest(service, tags, data, invoke: invoke, isOrig: isOrig, context: context)
        case (3, 12): readPropertyAck(tags, data, invoke: invoke, isOrig: isOrig, context: context)
        case (3, 14): readMultipleAck(tags, data, invoke: invoke, isOrig: isOrig, context: context)
        case (3, 26): readRangeAck(tags, data, invoke: invoke, isOrig: isOrig, context: context)
        case (2, 17), (2, 20):
            emit(
                .deviceControlResponse(invokeID: invoke, service: service, succeeded: true, errorCode: nil), isOrig: isOrig,
                context: context)
        case (5, 17), (5, 20):
            emit(
                .deviceControlResponse(invokeID: invoke, service: service, succeeded: false, errorCode: errorCode), isOrig: isOrig,
                context: context)
        case (5, 12), (5, 14), (5, 15), (5, 16):
            emit(.propertyServiceError(invokeID: invoke, service: service, errorCode: errorCode), isOrig: isOrig, context: context)
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
        discovery(0, device: .init(type: device.type, instance: device.instance), vendorID: vendorID, isOrig: isOrig, context: context)
        let host = context.host(isOrig: isOrig)
        if NumberedNames.bacnetVendors[vendorID] != nil {
            context.sink.emit(
                .identity(host: host, field: .vendor, value: BACnetNames.vendor(vendorID), evidence: "bacnet I-Am vendor id \(vendorID)"))
        }
        context.sink.emit(.role(host: host, role: "bacnet_device"))
    }

    /// I-Have: device identifier, object identifier, object name.
    func iHave(_ t: [BACnetTag], _ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let device = t.count > 0 ? BACnetValue.objectIdentifier(t[0].bytes(b)) : (UInt32.max, UInt32.max)
        let object = t.count > 1 ? BACnetValue.objectIdentifier(t[1].bytes(b)) : (UInt32.max, UInt32.max)
        let name = t.count > 2 ? BACnetValue.characterString(t[2].bytes(b), maxBytes: context.limits.maxLogStringBytes) : ""
        discovery(
            1, device: device.0 == .max ? nil : .init(type: device.0, instance: device.1),
            object: object.0 == .max ? nil : .init(type: object.0, instance: object.1), objectName: name, isOrig: isOrig,
            context: context)
    }

    /// Who-Has: optional limits [0] [1], then object identifier [2] or object name [3].
    func whoHas(_ t: [BACnetTag], _ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        var object: (type: UInt32, instance: UInt32)?
        var name: String?
        for tag in t where tag.isContext {
            if tag.number == 2 { object = BACnetValue.objectIdentifier(tag.bytes(b)) }
            if tag.number == 3 { name = BACnetValue.characterString(tag.bytes(b), maxBytes: context.limits.maxLogStringBytes) }
        }
        discovery(
            7, object: object.map { .init(type: $0.type, instance: $0.instance) }, range: Self.range(t, b), objectName: name,
            isOrig: isOrig, context: context)
    }

    /// Who-Is and Who-Has device range: "low-high", or "All" without limits.
    static func range(_ t: [BACnetTag], _ b: UnsafeRawBufferPointer) -> String {
        guard let low = t.first(where: { $0.isContext && $0.number == 0 && $0.kind == .data }),
            let high = t.first(where: { $0.isContext && $0.number == 1 && $0.kind == .data })
        else { return "All" }
        return "\(low.unsigned(b))-\(high.unsigned(b))"
    }

    func discovery(
        _ service: UInt8, device: BACnetObjectID? = nil, object: BACnetObjectID? = nil, vendorID: UInt32? = nil,
        range: String? = nil, objectName: String? = nil, isOrig: Bool, context: FlowContext
    ) {
        emit(
            .discovery(service: service, device: device, object: object, vendorID: vendorID, range: range, objectName: objectName),
            isOrig: isOrig, context: context)
    }

    // MARK: properties (clauses 15.5, 15.7, 15.8, 15.9)

    /// ReadProperty/ReadRange request: object [0], property [1], optional array index [2].
    func propertyReference(
        _ t: [BACnetTag], _ b: UnsafeRawBufferPointer, invoke: UInt8?, service: UInt8, isOrig: Bool, context: FlowContext
    ) {
        guard let object = Self.context(t, 0, b), let property = Self.context(t, 1, b) else {
            return context.weird(
                "bacnet_malformed_service", service == 12 ? "read-property-request" : "read-range-request", source: "bacnet")
        }
        propertyRow(
            invoke: invoke, service: service, isAck: false, object: BACnetValue.objectIdentifier(object.bytes(b)),
            property: property.unsigned(b), arrayIndex: Self.context(t, 2, b).map { $0.unsigned(b) }, value: nil, isOrig: isOrig,
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
            t[values], b, invoke: invoke, service: 12, object: id, property: property, arrayIndex: index, isOrig: isOrig, context: context)
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
                    invoke: invoke, service: 14, isAck: false, object: o, property: tag.unsigned(b), arrayIndex: nil, value: nil,
                    isOrig: isOrig, context: context)
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
                        t[range], b, invoke: invoke, service: 14, object: o, property: p, arrayIndex: index, isOrig: isOrig,
                        context: context)
                    if o.type == 8 { deviceIdentity(p, t[range], b, isOrig: isOrig, context: context) }
                } else {
                    propertyRow(
                        invoke: invoke, service: 14, isAck: true, object: o, property: p, arrayIndex: index, value: .propertyError,
                        isOrig: isOrig, context: context)
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
            invoke: invoke, service: 15, isAck: false, object: BACnetValue.objectIdentifier(object.bytes(b)), property: p,
            arrayIndex: t[..<open].first(where: { $0.isContext && $0.number == 2 && $0.kind == .data }).map { $0.unsigned(b) },
            value: first.flatMap { value($0, b, property: p, context: context) }, isOrig: isOrig, context: context)
    }

    /// ReadRange-ACK: object [0], property [1], index [2], result flags [3], item count [4].
    func readRangeAck(_ t: [BACnetTag], _ b: UnsafeRawBufferPointer, invoke: UInt8?, isOrig: Bool, context: FlowContext) {
        guard let object = Self.context(t, 0, b), let property = Self.context(t, 1, b) else {
            return context.weird("bacnet_malformed_service", "ReadRange-ACK", source: "bacnet")
        }
        propertyRow(
            invoke: invoke, service: 26, isAck: true, object: BACnetValue.objectIdentifier(object.bytes(b)),
            property: property.unsigned(b), arrayIndex: Self.context(t, 2, b).map { $0.unsigned(b) },
            value: .itemCount(Self.context(t, 4, b)?.unsigned(b) ?? 0), isOrig: isOrig, context: context)
    }

    func valueRows(
        _ values: ArraySlice<BACnetTag>, _ b: UnsafeRawBufferPointer, invoke: UInt8?, service: UInt8,
        object: (type: UInt32, instance: UInt32), property: UInt32, arrayIndex: UInt32?, isOrig: Bool, context: FlowContext
    ) {
        // An empty list yields no row; a Null element yields a row with the value unset.
        for v in values where !v.isContext && v.kind == .data {
            propertyRow(
                invoke: invoke, service: service, isAck: true, object: object, property: property, arrayIndex: arrayIndex,
                value: value(v, b, property: property, context: context), isOrig: isOrig, context: context)
        }
    }

    /// A value as logged: enumerated properties (event-state, units…) by number, to be named
    /// as ICSNPP names them; anything else as text, nil when empty.
    func value(_ v: BACnetTag, _ b: UnsafeRawBufferPointer, property: UInt32, context: FlowContext) -> BACnetPropertyValue? {
        if v.number == 9 || v.number == 2, BACnetNames.enumeration(ofProperty: property) != nil { return .enumerated(v.unsigned(b)) }
        guard let text = BACnetValue.text(v, b, maxBytes: context.limits.maxLogStringBytes), !text.isEmpty else { return nil }
        return .text(text)
    }

    func propertyRow(
        invoke: UInt8?, service: UInt8, isAck: Bool, object: (type: UInt32, instance: UInt32), property: UInt32, arrayIndex: UInt32?,
        value: BACnetPropertyValue?, isOrig: Bool, context: FlowContext
    ) {
        emit(
            .property(
                invokeID: invoke, service: service, isAck: isAck, object: .init(type: object.type, instance: object.instance),
                property: property, arrayIndex: arrayIndex, value: value),
            isOrig: isOrig, context: context)
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

    /// DeviceCommunicationControl: duration [0], enable-disable [1], password [2];
    /// ReinitializeDevice: state [0], password [1]. A missing password is logged empty.
    func deviceControlRequest(
        _ service: UInt8, _ t: [BACnetTag], _ b: UnsafeRawBufferPointer, invoke: UInt8?, isOrig: Bool, context: FlowContext
    ) {
        let dcc = service == 17
        let duration = dcc ? Self.context(t, 0, b).map { $0.unsigned(b) }.flatMap { $0 == 0 ? nil : $0 } : nil
        let state = Self.context(t, dcc ? 1 : 0, b).map { Int($0.unsigned(b)) }
        let password =
            Self.context(t, dcc ? 2 : 1, b).map { BACnetValue.characterString($0.bytes(b), maxBytes: context.limits.maxLogStringBytes) }
            ?? ""
        emit(
            .deviceControlRequest(invokeID: invoke, service: service, duration: duration, state: state, password: password),
            isOrig: isOrig, context: context)
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
