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
        try await record(payloads: [payload], invalidating: tags, client: client, environment: environment)
    }

    /// Records key actions with the `api_key.lifecycle` events the API emits for the same actions.
    static func record(
        _ events: [ApiKeyLifecycleEvent], client: PostgresClient, environment: CommandEnvironment
    ) async throws {
        try await record(payloads: events.map { .apiKeyLifecycle($0) }, client: client, environment: environment)
    }

    /// Appends every payload's audit row in one transaction, then publishes them (and the invalidations).
    static func record(
        payloads: [EventPayload], invalidating tags: [String] = [], client: PostgresClient,
        environment: CommandEnvironment
    ) async throws {
        let now = Date().microsecondsSince1970, producer = environment.settings.instanceName
        var envelopes = payloads.map { EventEnvelope(occurredAtMicros: now, producer: producer, payload: $0) }
        let entries = envelopes.compactMap(AuditProjection.entry(for:))
        try await client.withTransaction(logger: environment.logger) { connection in
            _ = try await AuditLogWriter.append(entries, chain: chain, on: connection, logger: environment.logger)
        }
        if !tags.isEmpty {
            envelopes.append(
                EventEnvelope(
                    occurredAtMicros: now, producer: producer,
                    payload: .cacheInvalidation(CacheInvalidation(tags: tags, origin: producer))))
        }
        let (_, undelivered) = try await environment.withPublisher(clientID: "mataresit-admin") { publisher in
            for event in envelopes { publisher?.publish(event) }
        }
        if undelivered > 0 { environment.logger.warning("audit event not delivered; the audit log has the action") }
    }
}
