/// The HTTP header names of the sensor-to-hub protocol.
public enum HubHeader {
    /// The sender's name (its certificate's common name).
    public static let sensor = "Vigil-Sensor"
    /// `BatchSignature` over the request body.
    public static let signature = "Vigil-Signature"
}
