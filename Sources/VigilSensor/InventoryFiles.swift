import VigilCore
import VigilInventory

/// assets.json and map.json in an output folder, each replaced whole (never half-written), so
/// a live sensor can publish its inventory while it runs.
public enum InventoryFiles {
    public static func write(
        _ inventory: AssetInventory, to directory: String, extra: ((Asset, inout JSONWriter) -> Void)? = nil
    ) throws {
        try FileSystem.replaceFile(directory + "/assets.json", InventoryJSON.assets(inventory, extra: extra))
        try FileSystem.replaceFile(directory + "/map.json", InventoryJSON.map(inventory))
    }
}
