import Foundation
import Testing

@testable import MataresitCore

@Suite("UsageFold and RateLimitFold")
struct UsageFoldTests {
    static let hour: Int64 = 3_600_000_000
    static let base: Int64 = 1_767_225_600_000_000  // 2026-01-01 00:00 UTC

    static func row(key: UUID?, status: Int, ms: Int, at micros: Int64) -> AccessLogRow {
        AccessLogRow(
            eventID: UUID(), occurredAtMicros: micros, apiKeyID: key, userID: nil, teamID: nil, endpoint: "/x",
            route: nil, method: "GET", statusCode: status, responseTimeMs: ms, ipAddress: nil, userAgent: nil,
            requestBytes: 0, responseBytes: 0, errorCode: nil, rateLimited: status == 429)
    }

    @Test("one entry per key and per key-day, counting errors, latency sums and the newest use")
    func usage() throws {
        let a = UUID(), b = UUID()
        let rows = [
            Self.row(key: a, status: 200, ms: 10, at: Self.base + 5),
            Self.row(key: a, status: 404, ms: 30, at: Self.base + 25 * Self.hour),
            Self.row(key: a, status: 500, ms: 50, at: Self.base + 1),
            Self.row(key: b, status: 429, ms: 1, at: Self.base),
            Self.row(key: nil, status: 200, ms: 7, at: Self.base)
        ]
        let deltas = UsageFold.fold(rows)
        #expect(deltas.perKey.count == 2)
        let totalA = try #require(deltas.perKey[a])
        #expect(totalA.totalRequests == 3)
        #expect(totalA.errorCount == 2)
        #expect(totalA.sumResponseTimeMs == 90)
        #expect(totalA.responseTimeCount == 3)
        #expect(totalA.lastUsedMicros == Self.base + 25 * Self.hour)
        #expect(totalA.latencyBuckets.reduce(0, +) == 3)
        #expect(deltas.perKey[b]?.errorCount == 1)
        let firstDay = try #require(deltas.perKeyDay[KeyDay(apiKeyID: a, dayNumber: 20_454)])
        #expect(firstDay.totalRequests == 2)
        #expect(firstDay.lastUsedMicros == Self.base + 5)
        #expect(deltas.perKeyDay[KeyDay(apiKeyID: a, dayNumber: 20_455)]?.totalRequests == 1)
    }

    @Test("folding two halves and adding equals folding the whole")
    func associative() {
        let keys = (0..<3).map { _ in UUID() }
        let rows = (0..<500).map { index in
            Self.row(
                key: keys[index % 3], status: [200, 201, 400, 429, 503][index % 5], ms: index * 7 % 900,
                at: Self.base + Int64(index) * 600_000_000)
        }
        let whole = UsageFold.fold(rows)
        let first = UsageFold.fold(rows.prefix(200)), second = UsageFold.fold(rows.dropFirst(200))
        for key in keys {
            var sum = first.perKey[key] ?? UsageCounters()
            sum.add(second.perKey[key] ?? UsageCounters())
            #expect(sum == whole.perKey[key])
        }
    }

    @Test("rate limits: 429s per event-time hour, per key and overall (unauthenticated included)")
    func rateLimits() {
        let a = UUID()
        let rows = [
            Self.row(key: a, status: 429, ms: 1, at: Self.base + 10),
            Self.row(key: a, status: 200, ms: 1, at: Self.base + Self.hour - 1),
            Self.row(key: nil, status: 429, ms: 1, at: Self.base + 20),
            Self.row(key: a, status: 429, ms: 1, at: Self.base - 3 * Self.hour + 99)  // a late event
        ]
        let deltas = RateLimitFold.fold(rows)
        #expect(deltas.perHour[Self.base] == RateLimitCounters(totalRequests: 3, rateLimitedRequests: 2))
        #expect(
            deltas.perHour[Self.base - 3 * Self.hour] == RateLimitCounters(totalRequests: 1, rateLimitedRequests: 1))
        #expect(
            deltas.perKeyHour[KeyHour(apiKeyID: a, hourMicros: Self.base)]
                == RateLimitCounters(totalRequests: 2, rateLimitedRequests: 1))
        #expect(deltas.perKeyHour.count == 2)
    }
}
