import Foundation

/// The versioned envelope around every event on every topic (see `streams/schema/events.proto`).
public struct EventEnvelope: Sendable, Equatable {
    /// Schema version written by this build. Decoders accept every version up to this one.
    public static let currentSchemaVersion: UInt32 = 1

    /// UUIDv7; the idempotency key of every projection.
    public var id: UUID
    /// Microseconds since the Unix epoch (UTC) when the thing happened.
    public var occurredAtMicros: Int64
    /// The producing instance (host:pid or a configured name).
    public var producer: String
    /// Version of the schema the producer wrote.
    public var schemaVersion: UInt32
    public var payload: EventPayload

    public init(
        id: UUID = EventID.make(),
        occurredAtMicros: Int64,
        producer: String,
        schemaVersion: UInt32 = EventEnvelope.currentSchemaVersion,
        payload: EventPayload
    ) {
        self.id = id
        self.occurredAtMicros = occurredAtMicros
        self.producer = producer
        self.schemaVersion = schemaVersion
        self.payload = payload
    }

    /// The event type name carried on the wire, e.g. `api.request`.
    public var type: String { payload.typeName }

    /// Occurrence time as a `Date`.
    public var occurredAt: Date { Date(timeIntervalSince1970: Double(occurredAtMicros) / 1_000_000) }
}

/// The typed payloads an envelope can carry.
public enum EventPayload: Sendable, Equatable {
    case apiRequest(ApiRequestEvent)
    case apiKeyLifecycle(ApiKeyLifecycleEvent)
    case securityEvent(SecurityEvent)
    case adminAction(AdminAction)
    case erasureRequested(ErasureRequested)
    case cacheInvalidation(CacheInvalidation)
    case deadLetter(DeadLetter)
    /// A payload this build does not know (written by a newer producer); carried so stages can dead-letter it.
    case unknown(typeName: String)

    public var typeName: String {
        switch self {
        case .apiRequest: return ApiRequestEvent.typeName
        case .apiKeyLifecycle: return ApiKeyLifecycleEvent.typeName
        case .securityEvent: return SecurityEvent.typeName
        case .adminAction: return AdminAction.typeName
        case .erasureRequested: return ErasureRequested.typeName
        case .cacheInvalidation: return CacheInvalidation.typeName
        case .deadLetter: return DeadLetter.typeName
        case .unknown(let name): return name
        }
    }
}

extension Date {
    /// Microseconds since the Unix epoch.
    public var microsecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1_000_000).rounded()) }
}
