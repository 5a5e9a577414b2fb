/// Who is asking: the holder of an API token and the role it carries.
public struct APICaller: Sendable, Equatable {
    public var name: String
    public var role: HubRole
}
