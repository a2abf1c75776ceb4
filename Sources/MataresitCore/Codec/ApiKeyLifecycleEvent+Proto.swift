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
        self.init(
            apiKeyID: keyID, userID: userID, action: action,
            actorUserID: message.actorUserID.isEmpty ? nil : UUID(bytes: message.actorUserID),
            replacedBy: message.replacedBy.isEmpty ? nil : UUID(bytes: message.replacedBy),
            keyPrefix: message.keyPrefix,
            expiresAt: message.expiresAtUs == 0
                ? nil : Date(timeIntervalSince1970: Double(message.expiresAtUs) / 1_000_000))
    }
}
