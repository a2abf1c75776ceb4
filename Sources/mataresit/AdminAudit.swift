import Foundation
import MataresitCore
import MataresitKafka
import MataresitStore
import PostgresNIO

/// Records an administrative action taken at the command line: appended to the audit log at once (chain `admin`,
/// so the record never depends on a broker) and, with KAFKA_BROKERS set, published as an `admin.action` event with
/// the same id (the audit stage then recognises it as recorded; other consumers and the archive see it).
/// `invalidating` cache tags are published too, so running API instances drop what the change made stale
/// (without a broker they expire by their time-to-live).
enum AdminAudit {
    static let chain = "admin"

    static func record(
        _ action: AdminAction, invalidating tags: [String] = [], client: PostgresClient, environment: CommandEnvironment
    ) async throws {
        try await record(payload: .adminAction(action), invalidating: tags, client: client, environment: environment)
    }

    /// Records any audited payload the same way (a refusal by the key policy is a `security.event`).
    static func record(
        payload: EventPayload, invalidating tags: [String] = [], client: PostgresClient,
        environment: CommandEnvironment
    ) async throws {
        let envelope = EventEnvelope(
            occurredAtMicros: Date().microsecondsSince1970, producer: environment.settings.instanceName,
            payload: payload)
        guard let entry = AuditProjection.entry(for: envelope) else { return }
        try await client.withTransaction(logger: environment.logger) { connection in
            _ = try await AuditLogWriter.append([entry], chain: chain, on: connection, logger: environment.logger)
        }
        guard let configuration = environment.kafka(clientID: "mataresit-admin") else { return }
        let producer = try KafkaProducer(configuration: configuration, logger: environment.logger)
        var envelopes = [envelope]
        if !tags.isEmpty {
            envelopes.append(
                EventEnvelope(
                    occurredAtMicros: envelope.occurredAtMicros, producer: environment.settings.instanceName,
                    payload: .cacheInvalidation(CacheInvalidation(tags: tags, origin: environment.settings.instanceName))))
        }
        for event in envelopes {
            _ = try? producer.send(
                topic: Topics.topic(for: event.payload), key: event.id.byteArray, value: EventCodec.encode(event))
        }
        if await producer.flush(timeout: .seconds(10)) > 0 {
            environment.logger.warning("audit event not delivered; the audit log has the action")
        }
        await producer.shutdown(flushTimeout: .seconds(1))
    }
}
