import Foundation

// Codecs of the security, admin, erasure, cache and dead-letter payloads.

typealias ProtoSecurityEvent = Mataresit_Events_V1_SecurityEvent
typealias ProtoAdminAction = Mataresit_Events_V1_AdminAction
typealias ProtoErasureRequested = Mataresit_Events_V1_ErasureRequested
typealias ProtoCacheInvalidation = Mataresit_Events_V1_CacheInvalidation
typealias ProtoDeadLetter = Mataresit_Events_V1_DeadLetter

/// Encodes an optional id as 16 bytes, or empty.
func protoBytes(_ id: UUID?) -> Data { id.map { Data($0.byteArray) } ?? Data() }

/// Decodes empty bytes as nil and 16 bytes as an id; anything else is undecodable.
func optionalUUID(_ data: Data, field: String) throws -> UUID? {
    if data.isEmpty { return nil }
    guard let id = UUID(bytes: data) else { throw CoreError.undecodableEvent(reason: "\(field) is not 16 bytes") }
    return id
}

func requiredUUID(_ data: Data, field: String) throws -> UUID {
    guard let id = UUID(bytes: data) else { throw CoreError.undecodableEvent(reason: "\(field) is not 16 bytes") }
    return id
}

extension ProtoSecurityEvent {
    init(_ event: SecurityEvent) {
        self.init()
        kind = event.kind.rawValue
        requestID = protoBytes(event.requestID)
        apiKeyID = protoBytes(event.apiKeyID)
        userID = protoBytes(event.userID)
        method = event.method
        route = event.route
        detail = event.detail
        if let ip = event.clientIP { clientIp = ProtoSealed(ip) }
        count = event.count
    }
}

extension SecurityEvent {
    init(_ message: ProtoSecurityEvent) throws {
        guard let kind = Kind(rawValue: message.kind) else {
            throw CoreError.undecodableEvent(reason: "unknown security event kind")
        }
        self.init(
            kind: kind, requestID: try optionalUUID(message.requestID, field: "request_id"),
            apiKeyID: try optionalUUID(message.apiKeyID, field: "api_key_id"),
            userID: try optionalUUID(message.userID, field: "user_id"), method: message.method, route: message.route,
            detail: message.detail, clientIP: message.hasClientIp ? SealedValue(message.clientIp) : nil,
            count: max(message.count, 1))
    }
}

extension ProtoAdminAction {
    init(_ action: AdminAction) {
        self.init()
        actorUserID = protoBytes(action.actorUserID)
        actorApiKeyID = protoBytes(action.actorApiKeyID)
        self.action = action.action
        targetType = action.targetType
        targetID = action.targetID
        attributes = action.attributes
    }
}

extension AdminAction {
    init(_ message: ProtoAdminAction) throws {
        guard !message.action.isEmpty else { throw CoreError.undecodableEvent(reason: "admin action has no name") }
        self.init(
            actorUserID: try optionalUUID(message.actorUserID, field: "actor_user_id"),
            actorApiKeyID: try optionalUUID(message.actorApiKeyID, field: "actor_api_key_id"), action: message.action,
            targetType: message.targetType, targetID: message.targetID, attributes: message.attributes)
    }
}

extension ProtoErasureRequested {
    init(_ request: ErasureRequested) {
        self.init()
        erasureID = protoBytes(request.erasureID)
        userID = protoBytes(request.userID)
        requestedBy = protoBytes(request.requestedBy)
        reason = request.reason
    }
}

extension ErasureRequested {
    init(_ message: ProtoErasureRequested) throws {
        self.init(
            erasureID: try requiredUUID(message.erasureID, field: "erasure_id"),
            userID: try requiredUUID(message.userID, field: "user_id"),
            requestedBy: try optionalUUID(message.requestedBy, field: "requested_by"), reason: message.reason)
    }
}

extension ProtoCacheInvalidation {
    init(_ invalidation: CacheInvalidation) {
        self.init()
        tags = invalidation.tags
        origin = invalidation.origin
    }
}

extension CacheInvalidation {
    init(_ message: ProtoCacheInvalidation) {
        self.init(tags: message.tags, origin: message.origin)
    }
}

extension ProtoDeadLetter {
    init(_ letter: DeadLetter) {
        self.init()
        stage = letter.stage
        reason = letter.reason
        sourceTopic = letter.sourceTopic
        sourcePartition = letter.sourcePartition
        sourceOffset = letter.sourceOffset
        original = Data(letter.original)
        originalKey = Data(letter.originalKey)
        failedAtUs = letter.failedAtMicros
    }
}

extension DeadLetter {
    init(_ message: ProtoDeadLetter) {
        self.init(
            stage: message.stage, reason: message.reason, sourceTopic: message.sourceTopic,
            sourcePartition: message.sourcePartition, sourceOffset: message.sourceOffset,
            original: Array(message.original), originalKey: Array(message.originalKey),
            failedAtMicros: message.failedAtUs)
    }
}
