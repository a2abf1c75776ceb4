import ArgumentParser
import Foundation
import MataresitCore
import MataresitStore

extension KeysCommand {
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a key (it stops working within a second; a revoked key stays revoked).")
        @Option(help: "E-mail of the key's owner.") var email: String
        @Option(help: "The key's id.") var id: String

        func run() async throws {
            guard let keyID = UUID(uuidString: id) else { throw ValidationError("--id must be a UUID") }
            let environment = try CommandEnvironment()
            try await environment.withDatabase(try environment.requiredDatabase()) { client in
                let owner = try await KeysCommand.owner(email, client: client, environment: environment)
                let outcome = try await APIKeyStore(client: client, logger: environment.logger)
                    .revoke(id: keyID, userID: owner, by: .operator)
                let revoked = try await KeysCommand.resolve(
                    outcome, operation: "revoke", key: keyID, owner: owner, client: client, environment: environment)
                try await AdminAudit.record(
                    [ApiKeyLifecycleEvent(.revoked, of: revoked, owner: owner, actor: nil)],
                    client: client, environment: environment)
            }
            emitLine("revoked \(keyID.lowercased)")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a replacement key (same scopes, addresses and expiry); the old one expires after a grace.")
        @Option(help: "E-mail of the key's owner.") var email: String
        @Option(help: "The key's id.") var id: String
        @Option(help: "Hours the old key keeps working.") var graceHours: Int = 24

        func run() async throws {
            guard let keyID = UUID(uuidString: id) else { throw ValidationError("--id must be a UUID") }
            guard (0...720).contains(graceHours) else { throw ValidationError("--grace-hours must be 0 to 720") }
            let environment = try CommandEnvironment()
            let secret = APIKeySecret.generate(mode: .live)
            let new = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                let owner = try await KeysCommand.owner(email, client: client, environment: environment)
                let outcome = try await APIKeyStore(client: client, logger: environment.logger).rotate(
                    id: keyID, userID: owner, secret: secret, grace: .seconds(graceHours * 3600), by: .operator)
                let rotated = try await KeysCommand.resolve(
                    outcome, operation: "rotate", key: keyID, owner: owner, client: client, environment: environment)
                try await AdminAudit.record(
                    rotated.lifecycleEvents(owner: owner, actor: nil), client: client, environment: environment)
                return rotated.new
            }
            let expiry = new.expiresAt.map { "expires \($0.formatted(.iso8601))" } ?? "never expires"
            emitLine("new key id: \(new.id.lowercased) (\(expiry)); the old key expires in \(graceHours) h at most")
            emitLine("API key (shown once, store it now): \(secret.value)")
        }
    }
}
