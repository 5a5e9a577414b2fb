import Hummingbird

/// A request's context on the hub: Hummingbird's core storage and, once `TokenAuthenticator`
/// has checked the request's bearer token, who is asking.
public struct HubRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller: APICaller?

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// Batches are up to 16 MiB (`BatchLimits`); other requests are far smaller.
    public var maxUploadSize: Int { 16 << 20 }
}
