import Foundation
import MataresitAPI
import MataresitCore
import Synchronization

@testable import MataresitStore

/// The read models the stages project, in memory: rows are seeded by tests with their owner.
final class AccessLogTwin: AccessLogRepository, UsageRepository {
    private let entries = Mutex<[(owner: UUID, entry: AccessLogEntry)]>([])

    func add(_ owner: UUID, endpoint: String, status: Int = 200, key: UUID? = nil, at time: Date = Date()) {
        let entry = AccessLogEntry(
            id: UUID(), apiKeyID: key, endpoint: endpoint, route: endpoint, method: "GET", statusCode: status,
            responseTimeMs: 3, ipAddress: nil, userAgent: nil, errorCode: nil, rateLimited: status == 429,
            timestamp: time)
        entries.withLock { $0.append((owner, entry)) }
    }

    private func mine(_ userID: UUID) -> [AccessLogEntry] {
        entries.withLock { $0.filter { $0.owner == userID }.map(\.entry) }.sorted { $0.timestamp > $1.timestamp }
    }

    func list(userID: UUID, page: Int, limit: Int) async throws -> Page<AccessLogEntry> {
        let all = mine(userID)
        let items = Array(all.dropFirst(Page<AccessLogEntry>.offset(page: page, limit: limit)).prefix(limit))
        return Page(items: items, total: all.count, page: page, limit: limit)
    }

    /// `get_api_usage_stats` over the owner's entries.
    func apiUsageAnalytics(userID: UUID, days: Int) async throws -> APIUsageAnalytics {
        let all = mine(userID)
        let succeeded = Int64(all.filter { $0.statusCode < 400 }.count)
        return APIUsageAnalytics(
            totalRequests: Int64(all.count), successfulRequests: succeeded, errorRequests: Int64(all.count) - succeeded,
            avgResponseTimeMs: all.isEmpty ? 0 : 3, requestsByDay: [],
            topEndpoints: Dictionary(grouping: all, by: \.endpoint).map {
                .init(endpoint: $0.key, count: Int64($0.value.count))
            })
    }

    func hourlyRateLimits(userID: UUID, from: Date, to: Date) async throws -> [HourlyRateLimit] {
        Dictionary(grouping: mine(userID).filter { $0.apiKeyID != nil }, by: { $0.apiKeyID! }).map { key, rows in
            HourlyRateLimit(
                hour: from, apiKeyID: key, totalRequests: Int64(rows.count),
                rateLimitedRequests: Int64(rows.filter(\.rateLimited).count))
        }
    }

    func keyUsage(userID: UUID) async throws -> [KeyUsage] {
        Dictionary(grouping: mine(userID).filter { $0.apiKeyID != nil }, by: { $0.apiKeyID! }).map { key, rows in
            KeyUsage(
                apiKeyID: key, name: nil, keyPrefix: nil, date: nil, totalRequests: Int64(rows.count),
                errorCount: Int64(rows.filter { $0.statusCode >= 400 }.count), avgResponseTimeMs: 3,
                p95ResponseTimeMs: 3, p99ResponseTimeMs: 3, lastUsed: rows.first?.timestamp)
        }
    }

    func dailyUsage(userID: UUID, days: Int) async throws -> [KeyUsage] { try await keyUsage(userID: userID) }
}

/// The audit log in memory with `AuditLogStore`'s filters (action matches event type or action; user or actor).
final class AuditTwin: AuditLogRepository {
    private let records = Mutex<[AuditLogRecord]>([])

    func add(action: String, userID: UUID?) {
        records.withLock { records in
            records.append(
                AuditLogRecord(
                    id: Int64(records.count + 1), chain: "main", seq: Int64(records.count + 1), eventID: UUID(),
                    eventType: "admin.action", action: action, apiKeyID: nil, userID: userID, actorUserID: nil,
                    targetID: nil, details: [:], timestamp: Date(), recordedAt: Date(), pseudonymised: false,
                    rowHash: "h\(records.count)"))
        }
    }

    func list(_ filter: AuditLogFilter, page: Int, limit: Int) async throws -> Page<AuditLogRecord> {
        let selected = records.withLock { $0 }.filter { record in
            (filter.action.map { $0 == record.action || $0 == record.eventType } ?? true)
                && (filter.userID.map { $0 == record.userID || $0 == record.actorUserID } ?? true)
                && (filter.apiKeyID.map { $0 == record.apiKeyID } ?? true)
        }.reversed()
        let items = Array(selected.dropFirst(Page<AuditLogRecord>.offset(page: page, limit: limit)).prefix(limit))
        return Page(items: items, total: selected.count, page: page, limit: limit)
    }
}

/// Every stage applied up to a minute ago and committed just now.
struct FreshnessTwin: StageFreshnessRepository {
    func freshness(stage: String) async throws -> (asOf: Date?, committedAt: Date?) {
        (Date().addingTimeInterval(-60), Date())
    }
}
