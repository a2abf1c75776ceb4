import MataresitAPI

extension RuntimeSettings {
    /// How the HTTP API listens and behaves, from these settings (`port` overrides `PORT`).
    public func apiConfiguration(port override: Int? = nil) -> APIConfiguration {
        var configuration = APIConfiguration(
            host: host, port: override ?? port, rateLimitPolicy: rateLimits.policy, cors: security.corsPolicy)
        configuration.performanceRecords = monitoring.performanceMonitoring
        configuration.gdprComplianceLogging = monitoring.gdprComplianceLogging
        configuration.cache = ResponseCachePolicy(
            maxEntries: monitoring.cacheMaxSize, defaultTTLSeconds: monitoring.cacheTTLSeconds)
        configuration.ipAllowList = security.ipAllowList
        configuration.clientAddresses = security.clientAddressPolicy
        configuration.maxActiveKeysPerUser = security.keyMaxActive
        return configuration
    }
}

extension RuntimeSettings {
    /// Whether the environment set `variable` (rather than the default applying).
    public func isSet(_ variable: String) -> Bool {
        entries.contains { $0.variable == variable && $0.isSet }
    }
}
