import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MataresitCore
import MataresitStore

/// `ENABLE_IP_WHITELIST`: a key that lists allowed addresses (`allowedIps` in `/keys`) is refused from any
/// other client with 403 ACCESS_DENIED, and a `security.event` of kind `ip_denied` counts the refusals per key,
/// address and route per window (``SecurityEventReporter``), with the client address sealed under the key owner's
/// data key (never in the clear, never in the logs).
///
/// The client address comes from ``ClientAddressPolicy``: the socket peer unless it is one of `TRUSTED_PROXIES`,
/// so a client cannot claim an allowed address by sending a header.
struct IPAllowList: Sendable {
    let clientAddresses: ClientAddressPolicy
    let securityEvents: SecurityEventReporter

    static let denied = APIError(
        status: .forbidden, code: .accessDenied, message: "This API key may not be used from this address")

    /// Throws 403 unless the key lists no addresses or the client's address is in its list.
    func check(_ key: StoredAPIKey, request: Request, context: AppRequestContext) async throws {
        guard !key.allowedIPs.isEmpty else { return }
        let client = clientAddresses.client(of: request, context: context)
        if let client, key.allowedIPs.compactMap(IPRange.init).contains(where: { $0.contains(client) }) { return }
        await securityEvents.ipDenied(key, client: client, request, context: context)
        context.logger.debug("ip_denied", metadata: ["type": "security_event", "key_id": "\(key.id)"])
        throw Self.denied
    }
}
