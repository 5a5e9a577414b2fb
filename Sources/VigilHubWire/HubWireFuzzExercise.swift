/// What the fuzz target FuzzHubWire runs on each input (and the replay test on each seed and
/// kept failure): the hub's readers of what arrives from the network, which must turn any
/// bytes into a value or an error, never a crash or a hang.
public enum HubWireFuzzExercise {
    public static func run(_ bytes: UnsafeRawBufferPointer) {
        let body = Array(bytes)
        // A batch body, as the ingest listener reads it, with the limits it uses.
        if let batch = try? SensorBatch(body: body) {
            _ = try? batch.records()
        }
        // The same bytes as an enrolment token someone pasted.
        _ = try? EnrollmentToken(parsing: String(decoding: body, as: UTF8.self))
        _ = Hex.decode(String(decoding: body, as: UTF8.self))
        // And as the name a sensor asks to enrol with.
        _ = EnrollmentResponse.isValidName(String(decoding: body, as: UTF8.self))
    }
}
