import Foundation
import MataresitCore
import Testing

/// One keying policy for every publisher (API, workers, CLI).
@Suite("Topics.partitionKey")
struct PartitionKeyTests {
    func envelope(_ payload: EventPayload) -> EventEnvelope {
        EventEnvelope(occurredAtMicros: 0, producer: "test", payload: payload)
    }

    @Test("a key's events share a partition; an erasure goes by its user; the rest spread by event id")
    func keys() {
        let key = UUID(), user = UUID()
        let lifecycle = envelope(
            .apiKeyLifecycle(
                ApiKeyLifecycleEvent(apiKeyID: key, userID: user, action: .revoked, keyPrefix: "mk_test_abcd")))
        let security = envelope(.securityEvent(SecurityEvent(kind: .ipDenied, apiKeyID: key, userID: user)))
        #expect(Topics.partitionKey(for: lifecycle) == key.byteArray)
        #expect(Topics.partitionKey(for: security) == key.byteArray)
        let anonymous = envelope(.securityEvent(SecurityEvent(kind: .ipDenied)))
        #expect(Topics.partitionKey(for: anonymous) == anonymous.id.byteArray)
        let erasure = envelope(.erasureRequested(ErasureRequested(userID: user, reason: "")))
        #expect(Topics.partitionKey(for: erasure) == user.byteArray)
        let admin = envelope(.adminAction(AdminAction(action: "teams.create", targetType: "team", targetID: "t")))
        #expect(Topics.partitionKey(for: admin) == admin.id.byteArray)
    }
}
