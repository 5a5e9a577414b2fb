import Hummingbird

/// A request's context on the hub: Hummingbird's core storage and, once `TokenAuthenticator`
/// or `DashboardSession` has checked the request, who is asking.
public struct HubRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller: APICaller?
    /// For a dashboard page: the signed-in session's CSRF token, which its forms carry.
    public var csrf: String?
    /// For a dashboard form: its fields, read (and its CSRF token checked) by `DashboardSession`.
    public var form: [String: String] = [:]

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// Batches are up to 16 MiB (`BatchLimits`); other requests are far smaller.
    public var maxUploadSize: Int { 16 << 20 }
}
