import Foundation

extension ProtoApiRequest {
    init(_ event: ApiRequestEvent) {
        self.init()
        requestID = Data(event.requestID.byteArray)
        apiKeyID = event.apiKeyID.map { Data($0.byteArray) } ?? Data()
        apiKeyPrefix = event.apiKeyPrefix ?? ""
        userID = event.userID.map { Data($0.byteArray) } ?? Data()
        teamID = event.teamID.map { Data($0.byteArray) } ?? Data()
        tier = event.tier ?? ""
        method = event.method
        route = event.route ?? ""
        path = event.path
        status = UInt32(clamping: event.status)
        errorCode = event.errorCode ?? ""
        durationUs = event.durationMicros
        requestBytes = event.requestBytes
        responseBytes = event.responseBytes
        rateLimit = Mataresit_Events_V1_RateLimitDecision(event.rateLimit)
        if let ip = event.clientIP { clientIp = ProtoSealed(ip) }
        if let agent = event.userAgent { userAgent = ProtoSealed(agent) }
        redactions = event.redactions
    }
}

extension ApiRequestEvent {
    init(_ message: ProtoApiRequest) throws {
        guard let requestID = UUID(bytes: message.requestID) else {
            throw CoreError.undecodableEvent(reason: "request id is not 16 bytes")
        }
        guard (100...599).contains(message.status) else {
            throw CoreError.undecodableEvent(reason: "status \(message.status) is not an HTTP status")
        }
        self.init(
            requestID: requestID,
            apiKeyID: try Self.optionalID(message.apiKeyID, field: "api_key_id"),
            apiKeyPrefix: message.apiKeyPrefix.nilIfEmpty,
            userID: try Self.optionalID(message.userID, field: "user_id"),
            teamID: try Self.optionalID(message.teamID, field: "team_id"),
            tier: message.tier.nilIfEmpty,
            method: message.method,
            route: message.route.nilIfEmpty,
            path: message.path,
            status: Int(message.status),
            errorCode: message.errorCode.nilIfEmpty,
            durationMicros: message.durationUs,
            requestBytes: message.requestBytes,
            responseBytes: message.responseBytes,
            rateLimit: RateLimitDecision(message.rateLimit),
            clientIP: message.hasClientIp ? SealedValue(message.clientIp) : nil,
            userAgent: message.hasUserAgent ? SealedValue(message.userAgent) : nil,
            redactions: message.redactions)
    }

    private static func optionalID(_ data: Data, field: String) throws -> UUID? {
        if data.isEmpty { return nil }
        guard let id = UUID(bytes: data) else {
            throw CoreError.undecodableEvent(reason: "\(field) is not 16 bytes")
        }
        return id
    }
}

extension ProtoSealed {
    init(_ value: SealedValue) {
        self.init()
        subject = value.subject
        combined = Data(value.combined)
    }
}

extension SealedValue {
    init(_ message: ProtoSealed) {
        self.init(subject: message.subject, combined: Array(message.combined))
    }
}

extension Mataresit_Events_V1_RateLimitDecision {
    init(_ decision: RateLimitDecision) {
        switch decision {
        case .allowed: self = .allowed
        case .limited: self = .limited
        case .notChecked: self = .notChecked
        }
    }
}

extension RateLimitDecision {
    init(_ decision: Mataresit_Events_V1_RateLimitDecision) {
        switch decision {
        case .allowed: self = .allowed
        case .limited: self = .limited
        default: self = .notChecked
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
