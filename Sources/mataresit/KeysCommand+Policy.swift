import ArgumentParser
import Foundation
import MataresitCore
import MataresitStore
import PostgresNIO

/// A key operation the key policy refused at the command line (exit status 1). The operator holds every scope,
/// but revoked keys stay revoked, expired and rotated-out keys do not change, successors keep the expiry.
struct KeyPolicyError: Error, CustomStringConvertible {
    let operation: String
    let refusal: KeyRefusal

    var description: String { "keys \(operation) refused by the key policy (\(refusal.rule)): \(refusal.message)" }
}

extension KeysCommand {
    /// The id of the user with `email`.
    static func owner(_ email: String, client: PostgresClient, environment: CommandEnvironment) async throws -> UUID {
        try await UserStore(client: client, logger: environment.logger).require(email: email).id
    }

    /// The value of a policy-checked operation; a refusal is recorded in the audit log (chain `admin`, a
    /// `key_policy_denied` security event) before it is thrown.
    static func resolve<Value>(
        _ outcome: KeyOutcome<Value>, operation: String, key: UUID, owner: UUID, client: PostgresClient,
        environment: CommandEnvironment
    ) async throws -> Value {
        switch outcome {
        case .done(let value): return value
        case .notFound: throw StoreError.notFound("key \(key.lowercased) of this user")
        case .refused(let refusal):
            let event = SecurityEvent(
                kind: .keyPolicyDenied, userID: owner, method: "CLI", route: "keys \(operation)",
                detail: "\(operation) of key \(key.lowercased) refused: \(refusal.rule)")
            try await AdminAudit.record(payload: .securityEvent(event), client: client, environment: environment)
            throw KeyPolicyError(operation: operation, refusal: refusal)
        }
    }
}
