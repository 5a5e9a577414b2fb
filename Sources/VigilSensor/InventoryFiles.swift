import Foundation
import VigilCore
import VigilInventory
import VigilMap

/// assets.json, map.json and map.svg (the map drawn) in an output folder, each replaced whole
/// (never half-written), so a live sensor can publish its inventory while it runs.
public enum InventoryFiles {
    public static func write(
        _ inventory: AssetInventory, to directory: String, extra: ((Asset, inout JSONWriter) -> Void)? = nil
    ) throws {
        let assets = InventoryJSON.assets(inventory, extra: extra)
        let map = InventoryJSON.map(inventory)
        try FileSystem.replaceFile(directory + "/assets.json", assets)
        try FileSystem.replaceFile(directory + "/map.json", map)
        try FileSystem.replaceFile(directory + "/map.svg", try drawing(assets: assets, map: map))
    }

    /// The map drawn from the two files just written, read back as any reader of them would
    /// (the hub draws its map from the same documents).
    static func drawing(assets: String, map: String) throws -> String {
        do {
            let devices = try JSONDecoder().decode(AssetsFileDocument.self, from: Data(assets.utf8)).assets
            let edges = try JSONDecoder().decode(MapFileDocument.self, from: Data(map.utf8)).edges
            return MapSVG().render(CommunicationMap(assets: devices, edges: edges))
        } catch {
            throw VigilError(.invalidDocument, "cannot draw map.svg from assets.json and map.json: \(error)")
        }
    }
}
