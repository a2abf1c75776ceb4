import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

extension AuthenticatedCaller {
    /// The calling key as the key policy sees it.
    var actor: KeyActor {
        KeyActor(keyID: key.id, scopes: key.scopes, expiresAt: key.expiresAt, allowedIPs: key.allowedIPs)
    }
}

extension KeysController {
    /// The value of a policy-checked store operation; 404 for a key that is not the caller's (whoever owns it),
    /// 403 for a refusal.
    func resolve<Value>(
        _ outcome: KeyOutcome<Value>, operation: String, target: UUID, request: Request, context: AppRequestContext
    ) throws -> Value {
        switch outcome {
        case .done(let value): return value
        case .notFound: throw APIError.notFound("API key")
        case .refused(let refusal):
            throw refuse(refusal, operation: operation, target: target, request: request, context: context)
        }
    }

    /// Publishes a `key_policy_denied` security event (ids and the rule only) and returns the 403 to throw.
    func refuse(
        _ refusal: KeyRefusal, operation: String, target: UUID?, request: Request, context: AppRequestContext
    ) -> APIError {
        let caller = context.caller
        let detail = "\(operation) \(target.map { "of key \($0.lowercased) " } ?? "")refused: \(refusal.rule)"
        let event = SecurityEvent(
            kind: .keyPolicyDenied, apiKeyID: caller?.key.id, userID: caller?.userID, method: request.method.rawValue,
            route: context.endpointPath ?? request.uri.path, detail: detail)
        publisher.publish(
            EventEnvelope(
                occurredAtMicros: Date().microsecondsSince1970, producer: producer, payload: .securityEvent(event)))
        context.logger.warning(
            "security_event",
            metadata: ["type": "security_event", "event": "key_policy_denied", "rule": "\(refusal.rule)"])
        return APIError(status: .forbidden, code: .insufficientPermissions, message: refusal.message)
    }
}
