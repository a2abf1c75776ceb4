import Foundation

/// audit: key lifecycle, security, admin and erasure events into audit entries (pure). Other payloads give nil.
public enum AuditProjection {
    public static func entry(for event: EventEnvelope) -> AuditEntry? {
        switch event.payload {
        case .apiKeyLifecycle(let key): return entry(key, event)
        case .securityEvent(let security): return entry(security, event)
        case .adminAction(let admin): return entry(admin, event)
        case .erasureRequested(let erasure): return entry(erasure, event)
        default: return nil
        }
    }

    static func entry(_ key: ApiKeyLifecycleEvent, _ event: EventEnvelope) -> AuditEntry {
        var details = ["key_prefix": key.keyPrefix]
        if let replacedBy = key.replacedBy { details["replaced_by"] = replacedBy.uuidString.lowercased() }
        if let expiresAt = key.expiresAt { details["expires_at"] = ISO8601DateFormatter().string(from: expiresAt) }
        return AuditEntry(
            eventID: event.id, eventType: "api_key_\(key.action.rawValue)", action: key.action.rawValue,
            apiKeyID: key.apiKeyID, userID: key.userID, actorUserID: key.actorUserID, details: details,
            occurredAtMicros: event.occurredAtMicros)
    }

    /// The sealed client address stays out of the audit log: the row keeps the pattern, route and count only.
    static func entry(_ security: SecurityEvent, _ event: EventEnvelope) -> AuditEntry {
        var details = ["method": security.method, "route": security.route, "count": String(security.count)]
        if !security.detail.isEmpty { details["detail"] = security.detail }
        if let request = security.requestID { details["request_id"] = request.uuidString.lowercased() }
        return AuditEntry(
            eventID: event.id, eventType: "security_\(security.kind.rawValue)", action: security.kind.rawValue,
            apiKeyID: security.apiKeyID, userID: security.userID, details: details,
            occurredAtMicros: event.occurredAtMicros)
    }

    static func entry(_ admin: AdminAction, _ event: EventEnvelope) -> AuditEntry {
        var details = admin.attributes
        details["target_type"] = admin.targetType
        return AuditEntry(
            eventID: event.id, eventType: "admin_action", action: admin.action, apiKeyID: admin.actorApiKeyID,
            actorUserID: admin.actorUserID, targetID: admin.targetID, details: details,
            occurredAtMicros: event.occurredAtMicros)
    }

    static func entry(_ erasure: ErasureRequested, _ event: EventEnvelope) -> AuditEntry {
        var details = ["erasure_id": erasure.erasureID.uuidString.lowercased()]
        if !erasure.reason.isEmpty { details["reason"] = erasure.reason }
        return AuditEntry(
            eventID: event.id, eventType: "gdpr_erasure_requested", action: "erasure_requested",
            userID: erasure.userID, actorUserID: erasure.requestedBy, details: details,
            occurredAtMicros: event.occurredAtMicros)
    }
}
