import Foundation
import MataresitCore
import MataresitKafka
import Synchronization
import Testing

/// Audit-topic events for tests, and a publisher that keeps what it is given.
enum AuditEvents {
    /// A mix of every audited payload (`count` in all).
    static func mix(count: Int, at date: Date = Date()) -> [EventEnvelope] {
        (0..<count).map { index in
            let micros = date.microsecondsSince1970 + Int64(index)
            let payload: EventPayload
            switch index % 4 {
            case 0:
                payload = .apiKeyLifecycle(
                    .init(apiKeyID: UUID(), userID: UUID(), action: .created, keyPrefix: "mk_test_\(index)"))
            case 1:
                payload = .securityEvent(
                    .init(kind: .failedAuthBurst, method: "GET", route: "/api/v1/receipts", count: 10))
            case 2:
                payload = .adminAction(
                    .init(
                        action: "users.set_tier", targetType: "user", targetID: UUID().uuidString,
                        attributes: ["tier": "pro"]))
            default:
                payload = .erasureRequested(.init(userID: UUID(), reason: "ticket-\(index)"))
            }
            return EventEnvelope(occurredAtMicros: micros, producer: "test", payload: payload)
        }
    }

    /// Produces the events to the audit topic (keyed by event id) and waits until all are delivered.
    static func produce(_ events: [EventEnvelope], to cluster: TestCluster) async throws {
        let producer = try KafkaProducer(configuration: cluster.configuration, logger: .init(label: "test-producer"))
        for event in events {
            while try producer.send(topic: Topics.audit, key: event.id.byteArray, value: EventCodec.encode(event))
                == .queueFull
            {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        let undelivered = await producer.flush(timeout: .seconds(30))
        try #require(undelivered == 0, "\(undelivered) test events were not delivered")
        await producer.shutdown(flushTimeout: .seconds(5))
    }
}

/// Keeps every published event (for tests of what a job emits).
final class CollectingPublisher: EventPublishing {
    private let events = Mutex<[EventEnvelope]>([])

    func publish(_ envelope: EventEnvelope) { events.withLock { $0.append(envelope) } }

    var published: [EventEnvelope] { events.withLock { $0 } }
}
