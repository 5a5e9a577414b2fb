import VigilCore

/// Renders assets.json and map.json (fields documented in docs/LOGS.md).
public enum InventoryJSON {
    /// `extra` adds fields of its own to each asset (the vulnerability matcher's summary).
    /// `classifier` decides each asset's `type` (the bundled device-type table by default).
    public static func assets(
        _ inventory: AssetInventory, classifier: DeviceClassifier = .bundled, extra: ((Asset, inout JSONWriter) -> Void)? = nil
    ) -> String {
        var w = JSONWriter(capacity: 1 << 16)
        w.beginObject()
        w.key("assets")
        w.beginArray()
        let assets = inventory.assets
        var devicesPerMAC: [MACAddress: Int] = [:]
        for a in assets { if let mac = a.mac { devicesPerMAC[mac, default: 0] += 1 } }
        for a in assets {
            w.beginObject()
            w.field("key", key(of: a, devicesPerMAC: devicesPerMAC))
            if let mac = a.mac {
                w.field("mac", mac.description)
                if let v = OUIVendors.vendor(of: mac) {
                    w.field("oui_vendor", v)
                } else {
                    w.key("oui_vendor")
                    w.null()
                }
            } else {
                w.key("mac")
                w.null()
                w.key("oui_vendor")
                w.null()
            }
            w.key("ips")
            w.beginArray()
            for ip in a.ips.sorted() { w.string(ip.description) }
            w.endArray()
            w.key("hostnames")
            w.beginArray()
            for h in a.hostnames {
                w.beginObject()
                w.field("name", h.value)
                w.field("evidence", h.evidence)
                w.endObject()
            }
            w.endArray()
            w.key("roles")
            w.beginArray()
            for r in a.roles.sorted() { w.string(r) }
            w.endArray()
            w.key("protocols")
            w.beginArray()
            for p in a.protocols.sorted() { w.string(p) }
            w.endArray()
            w.key("identity")
            w.beginObject()
            for f in IdentityFieldName.allCases {
                w.key(f.rawValue)
                if let e = a.identity[f] {
                    w.beginObject()
                    w.field("value", e.value)
                    w.field("evidence", e.evidence)
                    w.endObject()
                } else {
                    w.null()
                }
            }
            w.endObject()
            identityConflicts(a, &w)
            identityChanges(a, &w)
            let type = classifier.classify(a)
            w.key("type")
            w.beginObject()
            w.field("value", type.value)
            w.key("level")
            if let level = type.level { w.number(level) } else { w.null() }
            w.field("evidence", type.evidence)
            w.endObject()
            w.key("first_seen")
            w.raw(a.firstSeen.zeekFormatted)
            w.key("last_seen")
            w.raw(a.lastSeen.zeekFormatted)
            w.key("peers")
            w.beginArray()
            for p in a.peers.sorted() { w.string(p.description) }
            w.endArray()
            extra?(a, &w)
            w.endObject()
        }
        w.endArray()
        w.field("assets_not_tracked", inventory.assetsDropped)
        w.endObject()
        return w.text + "\n"
    }

    /// Values of a field that other sources gave, differing from the chosen one.
    static func identityConflicts(_ a: Asset, _ w: inout JSONWriter) {
        w.key("identity_conflicts")
        w.beginArray()
        for f in IdentityFieldName.allCases {
            for r in a.readings[f]?.conflicts ?? [] {
                w.beginObject()
                w.field("field", f.rawValue)
                w.field("value", r.value)
                w.field("evidence", r.evidence)
                w.key("first_seen")
                w.raw(r.first.zeekFormatted)
                w.endObject()
            }
        }
        w.endArray()
    }

    /// Each time the chosen source gave a field a new value.
    static func identityChanges(_ a: Asset, _ w: inout JSONWriter) {
        w.key("identity_changes")
        w.beginArray()
        for f in IdentityFieldName.allCases {
            let history = a.readings[f]?.history ?? []
            for (old, new) in zip(history, history.dropFirst()) {
                w.beginObject()
                w.field("field", f.rawValue)
                w.field("old", old.value)
                w.field("new", new.value)
                w.field("evidence", new.evidence)
                w.key("ts")
                w.raw(new.first.zeekFormatted)
                w.endObject()
            }
        }
        w.endArray()
    }

    /// What names the device across runs and at the hub: its MAC when no other device of the
    /// inventory shows that MAC, else its lowest address (devices behind one router or gateway
    /// share its MAC and are told apart by address).
    static func key(of asset: Asset, devicesPerMAC: [MACAddress: Int]) -> String {
        if let mac = asset.mac, devicesPerMAC[mac] == 1 || asset.ips.isEmpty { return mac.description }
        return asset.ips.min()?.description ?? "-"
    }

    public static func map(_ inventory: AssetInventory) -> String {
        var w = JSONWriter(capacity: 1 << 16)
        w.beginObject()
        w.key("edges")
        w.beginArray()
        for e in inventory.communicationEdges {
            w.beginObject()
            w.field("client", e.key.client.description)
            w.field("server", e.key.server.description)
            w.field("transport", e.key.transport.zeekName.string)
            w.field("server_port", e.key.port)
            w.field("protocol", e.key.service)
            w.field("connections", e.connections)
            w.field("packets", e.packets)
            w.field("bytes", e.bytes)
            w.key("first_seen")
            w.raw(e.firstSeen.zeekFormatted)
            w.key("last_seen")
            w.raw(e.lastSeen.zeekFormatted)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }
}
