import MataresitCore

extension RateLimitSettings {
    /// The tier windows with the seed's variables applied (see `RateLimitPolicy.overridden`).
    public var policy: RateLimitPolicy {
        RateLimitPolicy.defaults.overridden(
            windowSeconds: Int64(windowSeconds), proMaxRequests: maxRequests, proBurst: burstAllowance)
    }
}
