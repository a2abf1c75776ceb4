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
        case .securityEvent(let event): securityEvent = ProtoSecurityEvent(event)
        case .adminAction(let action): adminAction = ProtoAdminAction(action)
        case .erasureRequested(let request): erasureRequested = ProtoErasureRequested(request)
        case .cacheInvalidation(let invalidation): cacheInvalidation = ProtoCacheInvalidation(invalidation)
        case .deadLetter(let letter): deadLetter = ProtoDeadLetter(letter)
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
        case .securityEvent(let event)?: payload = .securityEvent(try SecurityEvent(event))
        case .adminAction(let action)?: payload = .adminAction(try AdminAction(action))
        case .erasureRequested(let request)?: payload = .erasureRequested(try ErasureRequested(request))
        case .cacheInvalidation(let invalidation)?: payload = .cacheInvalidation(CacheInvalidation(invalidation))
        case .deadLetter(let letter)?: payload = .deadLetter(DeadLetter(letter))
        case nil: payload = .unknown(typeName: message.type)
        }
        self.init(
            id: id, occurredAtMicros: message.occurredAtUs, producer: message.producer,
            schemaVersion: message.schemaVersion, payload: payload)
    }
}
