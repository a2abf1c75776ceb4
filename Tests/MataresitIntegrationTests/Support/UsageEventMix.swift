import Foundation
import MataresitCore
import MataresitStore

/// A realistic mix of request events for the aggregate oracles: several keys of two users with `api_keys` rows,
/// one key that never calls, some unauthenticated traffic, 2xx/4xx/5xx/429 statuses, latencies from 0 ms to
/// seconds, late events (hours old, and two that fall outside the 24 h window) and re-sent duplicates.
struct UsageEventMix {
    let keys: [UUID]
    /// A key with an `api_keys` row and no traffic (the view shows it with zero requests).
    let idleKey: UUID
    let users: [UUID]
    let events: [EventEnvelope]
    let duplicates: [EventEnvelope]
    /// Hours (before now) of the late events that lie outside the seed view's 24 h window.
    static let oldLateHours: [Int64] = [26, 50]
    static let lateHours: [Int64] = [1, 2, 3, 5, 8, 20]

    var produced: [EventEnvelope] { events + duplicates }

    static func make(count: Int, duplicateCount: Int, in database: TestDatabase) async throws -> UsageEventMix {
        let users = try await (0..<2).asyncMap { index in
            try await UserStore(client: database.client, logger: database.logger)
                .createOrFind(email: "usage-\(index)-\(UUID().uuidString.prefix(8))@example.test", tier: .pro).id
        }
        let keys = (0..<5).map { _ in UUID() }, idle = UUID()
        for (index, key) in (keys + [idle]).enumerated() {
            try await database.client.query(
                """
                INSERT INTO api_keys (id, user_id, name, key_hash, key_prefix, scopes)
                VALUES (\(key), \(users[index % 2]), \("oracle key \(key.lowercased)"), \("hash-\(key.lowercased)"),
                        \("mk_test_\(key.lowercased.prefix(4))"), \(["analytics:read"]))
                """, logger: database.logger)
        }
        var generator = SystemRandomNumberGenerator()
        let now = Date().microsecondsSince1970
        let events = (0..<count).map { index in
            event(index: index, keys: keys, users: users, now: now, using: &generator)
        }
        let duplicates = Array(events.shuffled(using: &generator).prefix(duplicateCount))
        return UsageEventMix(keys: keys, idleKey: idle, users: users, events: events, duplicates: duplicates)
    }

    private static func event(
        index: Int, keys: [UUID], users: [UUID], now: Int64, using generator: inout SystemRandomNumberGenerator
    ) -> EventEnvelope {
        let statuses = [200, 200, 200, 201, 204, 400, 401, 404, 429, 429, 500, 503]
        let status = statuses.randomElement(using: &generator)!
        let keyIndex = index % 37 == 0 ? nil : Int.random(in: 0..<keys.count, using: &generator)
        let micros: Int64
        switch index % 50 {
        case 0: micros = now - oldLateHours[index / 50 % 2] * UTCTime.microsPerHour
        case 1...10:
            micros =
                now - lateHours.randomElement(using: &generator)! * UTCTime.microsPerHour
                - Int64.random(in: 0...60_000_000, using: &generator)
        default: micros = now - Int64.random(in: 0...600_000_000, using: &generator)
        }
        let duration: UInt64 =
            index % 3 == 0
            ? UInt64.random(in: 0...40_000, using: &generator) : UInt64.random(in: 0...3_000_000, using: &generator)
        let request = ApiRequestEvent(
            apiKeyID: keyIndex.map { keys[$0] }, apiKeyPrefix: keyIndex.map { _ in "mk_test_abcd" },
            userID: keyIndex.map { users[$0 % 2] }, tier: "pro", method: index % 4 == 0 ? "POST" : "GET",
            route: "/api/v1/receipts", path: "/api/v1/receipts/\(index % 13)", status: status,
            durationMicros: duration, rateLimit: status == 429 ? .limited : .allowed)
        return EventEnvelope(
            id: EventID.make(at: Date(timeIntervalSince1970: Double(micros) / 1_000_000)), occurredAtMicros: micros,
            producer: "oracle-test", payload: .apiRequest(request))
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
