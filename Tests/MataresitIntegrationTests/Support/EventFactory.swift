import Foundation
import MataresitCore
import MataresitKafka
import Testing

/// Synthetic request events, produced straight into the topic (no API involved).
enum EventFactory {
    static func requestEvents(count: Int, keys: [UUID] = (0..<4).map { _ in UUID() }, at date: Date = Date())
        -> [EventEnvelope]
    {
        (0..<count).map { index in
            let key = keys[index % keys.count]
            let request = ApiRequestEvent(
                apiKeyID: key, apiKeyPrefix: "mk_test_abcd", userID: key, tier: "pro", method: "GET",
                route: "/api/v1/receipts", path: "/api/v1/receipts", status: index % 10 == 0 ? 429 : 200,
                durationMicros: UInt64(1000 + index), rateLimit: index % 10 == 0 ? .limited : .allowed)
            return EventEnvelope(
                occurredAtMicros: date.microsecondsSince1970 + Int64(index), producer: "test",
                payload: .apiRequest(request))
        }
    }

    /// Produces the events keyed like the API does, and waits until all are delivered.
    static func produce(_ events: [EventEnvelope], to cluster: TestCluster, topic: String = Topics.apiRequests)
        async throws
    {
        let producer = try KafkaProducer(configuration: cluster.configuration, logger: .init(label: "test-producer"))
        for event in events {
            guard case .apiRequest(let request) = event.payload else { continue }
            let key = (request.apiKeyID ?? event.id).byteArray
            while try producer.send(topic: topic, key: key, value: EventCodec.encode(event)) == .queueFull {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        let undelivered = await producer.flush(timeout: .seconds(30))
        try #require(undelivered == 0, "\(undelivered) test events were not delivered")
        await producer.shutdown(flushTimeout: .seconds(5))
    }
}
