import Foundation

typealias ProtoApiKeyLifecycle = Mataresit_Events_V1_ApiKeyLifecycle

extension ProtoApiKeyLifecycle {
    init(_ event: ApiKeyLifecycleEvent) {
        self.init()
        apiKeyID = Data(event.apiKeyID.byteArray)
        userID = Data(event.userID.byteArray)
        action = event.action.rawValue
        actorUserID = event.actorUserID.map { Data($0.byteArray) } ?? Data()
        replacedBy = event.replacedBy.map { Data($0.byteArray) } ?? Data()
        keyPrefix = event.keyPrefix
        expiresAtUs = event.expiresAt?.microsecondsSince1970 ?? 0
    }
}

extension ApiKeyLifecycleEvent {
    init(_ message: ProtoApiKeyLifecycle) throws {
        guard let keyID = UUID(bytes: message.apiKeyID), let userID = UUID(bytes: message.userID) else {
            throw CoreError.undecodableEvent(reason: "key lifecycle ids are not 16 bytes")
        }
        guard let action = Action(rawValue: message.action) else {
            throw CoreError.undecodableEvent(reason: "unknown key lifecycle action")
        }
        // Years 1 to 9999 (both ends exact in a Double, so what is accepted stays in range when encoded again).
        // Far beyond, `Date.microsecondsSince1970` traps on encoding: expires_at_us = Int64.max used to decode,
        // then crash whatever encoded the event again.
        guard (-62_135_596_800_000_000...253_402_300_800_000_000).contains(message.expiresAtUs) else {
            throw CoreError.undecodableEvent(reason: "expires_at_us \(message.expiresAtUs) is out of range")
        }
        self.init(
            apiKeyID: keyID, userID: userID, action: action,
            // A malformed id is refused like everywhere else: read as nil it would turn the actor into "the system".
            actorUserID: try optionalUUID(message.actorUserID, field: "actor_user_id"),
            replacedBy: try optionalUUID(message.replacedBy, field: "replaced_by"),
            keyPrefix: message.keyPrefix,
            expiresAt: message.expiresAtUs == 0
                ? nil : Date(timeIntervalSince1970: Double(message.expiresAtUs) / 1_000_000))
    }
}
