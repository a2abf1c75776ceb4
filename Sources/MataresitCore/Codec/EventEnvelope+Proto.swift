import Foundation

extension ProtoEnvelope {
    init(_ envelope: EventEnvelope) {
        self.init()
        eventID = Data(envelope.id.byteArray)
        type = envelope.type
        schemaVersion = envelope.schemaVersion
        occurredAtUs = envelope.occurredAtMicros
        producer = envelope.producer
        switch envelope.payload {
        case .apiRequest(let request): apiRequest = ProtoApiRequest(request)
        case .apiKeyLifecycle(let event): apiKeyLifecycle = ProtoApiKeyLifecycle(event)
        case .unknown: break
        }
    }
}

extension EventEnvelope {
    init(_ message: ProtoEnvelope) throws {
        guard let id = UUID(bytes: message.eventID) else {
            throw CoreError.undecodableEvent(reason: "event id is not 16 bytes")
        }
        guard message.schemaVersion >= 1, message.schemaVersion <= EventEnvelope.currentSchemaVersion else {
            throw CoreError.undecodableEvent(reason: "unsupported schema version \(message.schemaVersion)")
        }
        let payload: EventPayload
        switch message.payload {
        case .apiRequest(let request)?: payload = .apiRequest(try ApiRequestEvent(request))
        case .apiKeyLifecycle(let event)?: payload = .apiKeyLifecycle(try ApiKeyLifecycleEvent(event))
        case nil: payload = .unknown(typeName: message.type)
        }
        self.init(
            id: id, occurredAtMicros: message.occurredAtUs, producer: message.producer,
            schemaVersion: message.schemaVersion, payload: payload)
    }
}
