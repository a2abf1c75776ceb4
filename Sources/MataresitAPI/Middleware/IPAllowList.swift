import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MataresitCore
import MataresitStore

/// `ENABLE_IP_WHITELIST`: a key that lists allowed addresses (`allowedIps` in `/keys`) is refused from any
/// other client with 403 ACCESS_DENIED, and a `security.event` of kind `ip_denied` is published with the
/// client address sealed under the key owner's data key (never in the clear, never in the logs).
///
/// The client address comes from ``ClientAddressPolicy``: the socket peer unless it is one of `TRUSTED_PROXIES`,
/// so a client cannot claim an allowed address by sending a header.
struct IPAllowList: Sendable {
    let publisher: any EventPublishing
    let subjectKeys: SubjectKeyStore
    let producer: String
    let clientAddresses: ClientAddressPolicy

    static let denied = APIError(
        status: .forbidden, code: .accessDenied, message: "This API key may not be used from this address")

    /// Throws 403 unless the key lists no addresses or the client's address is in its list.
    func check(_ key: StoredAPIKey, request: Request, context: AppRequestContext) async throws {
        guard !key.allowedIPs.isEmpty else { return }
        let client = clientAddresses.client(of: request, context: context)
        if let client, key.allowedIPs.compactMap(IPRange.init).contains(where: { $0.contains(client) }) { return }
        await report(key: key, client: client, request: request, context: context)
        throw Self.denied
    }

    private func report(key: StoredAPIKey, client: String?, request: Request, context: AppRequestContext) async {
        let subject = Subject.user(key.userID)
        var sealed: SealedValue?
        do {
            if let client, let dataKey = try await subjectKeys.keyCreatingIfMissing(for: subject, within: .seconds(1)) {
                sealed = try PersonalDataSealer.seal(client, subject: subject, key: dataKey)
            }
        } catch {
            context.logger.warning("ip_denied event without the client address: no data key")
        }
        let event = SecurityEvent(
            kind: .ipDenied, apiKeyID: key.id, userID: key.userID, method: request.method.rawValue,
            route: context.endpointPath ?? request.uri.path, detail: "client address not in the key's allowed list",
            clientIP: sealed)
        publisher.publish(
            EventEnvelope(
                occurredAtMicros: Date().microsecondsSince1970, producer: producer, payload: .securityEvent(event)))
        context.logger.warning(
            "security_event", metadata: ["type": "security_event", "event": "ip_denied", "key_id": "\(key.id)"])
    }
}
