import Crypto
import Foundation
import MataresitCore

/// Fixed request events like the API emits: sealed client IP and user agent, a few keys, mixed statuses.
enum SampleEvents {
    static let key = SymmetricKey(size: .bits256)
    static let keys = (0..<8).map { _ in UUID() }

    static func event(_ index: Int) -> EventEnvelope {
        let apiKey = keys[index % keys.count]
        let subject = Subject.user(apiKey)
        let statuses = [200, 200, 200, 201, 404, 429, 400, 500]
        let request = ApiRequestEvent(
            apiKeyID: apiKey, apiKeyPrefix: "mk_test_bnch", userID: apiKey, tier: "pro", method: "GET",
            route: "/api/v1/receipts/{id}", path: "/api/v1/receipts/\(UUID().uuidString.lowercased())",
            status: statuses[index % statuses.count], durationMicros: UInt64(1_000 + index * 37 % 90_000),
            requestBytes: 0, responseBytes: 1_800, rateLimit: statuses[index % statuses.count] == 429 ? .limited : .allowed,
            clientIP: try! PersonalDataSealer.seal("10.1.2.\(index % 250)", subject: subject, key: key),
            userAgent: try! PersonalDataSealer.seal("mataresit-python/1.4.2", subject: subject, key: key))
        return EventEnvelope(
            occurredAtMicros: 1_795_000_000_000_000 + Int64(index) * 1_000, producer: "bench", payload: .apiRequest(request))
    }

    static let batch = (0..<1_000).map(event)
    static let encoded = batch.map(EventCodec.encode)
    static let projection = AccessLogProjection { sealed in try? PersonalDataSealer.open(sealed, key: key) }
    static let rows = batch.compactMap(projection.row(for:))
}
