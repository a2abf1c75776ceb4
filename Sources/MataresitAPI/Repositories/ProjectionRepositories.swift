import Foundation
import MataresitCore
import MataresitStore

/// The access-log projection, as its owner reads it.
public protocol AccessLogRepository: Sendable {
    func list(userID: UUID, page: Int, limit: Int) async throws -> Page<AccessLogEntry>
}

/// The usage projections (per key, per day, rate limits per hour), as their owner reads them.
public protocol UsageRepository: Sendable {
    func apiUsageAnalytics(userID: UUID, days: Int) async throws -> APIUsageAnalytics
    func hourlyRateLimits(userID: UUID, from: Date, to: Date) async throws -> [HourlyRateLimit]
    func keyUsage(userID: UUID) async throws -> [KeyUsage]
    func dailyUsage(userID: UUID, days: Int) async throws -> [KeyUsage]
}

/// The audit log, for administrators.
public protocol AuditLogRepository: Sendable {
    func list(_ filter: AuditLogFilter, page: Int, limit: Int) async throws -> Page<AuditLogRecord>
}

/// How far a stage has applied its input: the newest event time applied and its last commit.
public protocol StageFreshnessRepository: Sendable {
    func freshness(stage: String) async throws -> (asOf: Date?, committedAt: Date?)
}

extension AccessLogStore: AccessLogRepository {}
extension UsageStore: UsageRepository {}
extension AuditLogStore: AuditLogRepository {}
extension StageOffsetStore: StageFreshnessRepository {}
