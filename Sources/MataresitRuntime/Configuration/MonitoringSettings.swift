/// Monitoring, caching and audit knobs of the seed (§1 Monitoring, Cache; Security Hardening Audit Logging).
public struct MonitoringSettings: Sendable, Equatable {
    /// `ENABLE_PERFORMANCE_MONITORING` (default true): `performance_metric` log records and `/metrics`.
    public var performanceMonitoring = true
    /// `ENABLE_SECURITY_LOGGING` (default true): `security_event` log records.
    public var securityLogging = true
    /// `CACHE_TTL_SECONDS` (default 300): time-to-live of cached reads without a TTL of their own.
    public var cacheTTLSeconds = 300
    /// `CACHE_MAX_SIZE` (default 1000): entries kept before the least recently used is evicted.
    public var cacheMaxSize = 1000
    /// `AUDIT_LOG_RETENTION_DAYS` (default 365): audit rows older than this are dropped once archived.
    public var auditRetentionDays = 365
    /// `ENABLE_GDPR_COMPLIANCE_LOGGING` (default true): erasures leave a PII-free receipt in the audit log.
    public var gdprComplianceLogging = true

    public init() {}

    init(reading reader: inout EnvironmentReader) {
        performanceMonitoring = reader.flag("ENABLE_PERFORMANCE_MONITORING", default: performanceMonitoring)
        securityLogging = reader.flag("ENABLE_SECURITY_LOGGING", default: securityLogging)
        cacheTTLSeconds = reader.integer("CACHE_TTL_SECONDS", default: cacheTTLSeconds, in: 0...86_400 * 7)
        cacheMaxSize = reader.integer("CACHE_MAX_SIZE", default: cacheMaxSize, in: 0...10_000_000)
        auditRetentionDays = reader.integer("AUDIT_LOG_RETENTION_DAYS", default: auditRetentionDays, in: 1...36_500)
        gdprComplianceLogging = reader.flag("ENABLE_GDPR_COMPLIANCE_LOGGING", default: gdprComplianceLogging)
    }
}
