import ArgumentParser
import Foundation
import MataresitCore
import MataresitRuntime
import MataresitStore

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys.",
        discussion:
            "Changes made here are written to the database; the API emits lifecycle events for its own changes.",
        subcommands: [Create.self, List.self, Revoke.self, Rotate.self, Expire.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key for a user and print it once (only its hash is stored).")

        @Option(help: "E-mail of the key's owner (see `mataresit users create`).") var email: String
        @Option(help: "A name for the key (3-255 characters).") var name: String
        @Option(help: "read, write or admin.") var preset: String = "read"
        @Option(help: "Comma-separated scopes instead of a preset, e.g. receipts:read,receipts:write.") var scopes:
            String?
        @Option(help: "Days until the key expires (default: never).") var expiresInDays: Int?
        @Flag(help: "Issue an mk_test_ key instead of mk_live_.") var test = false

        func validate() throws {
            guard (3...255).contains(name.count) else { throw ValidationError("--name must be 3 to 255 characters") }
            _ = try chosenScopes()
            if let days = expiresInDays, days < 1 { throw ValidationError("--expires-in-days must be at least 1") }
        }

        func chosenScopes() throws -> [Scope] {
            if let scopes {
                return try scopes.split(separator: ",").map { name in
                    guard let scope = Scope(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                        throw ValidationError(
                            "unknown scope '\(name)'; valid: \(Scope.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return scope
                }
            }
            switch preset {
            case "read": return Scope.readPreset
            case "write": return Scope.writePreset
            case "admin": return [.adminAll]
            default: throw ValidationError("--preset must be read, write or admin")
            }
        }

        func run() async throws {
            let environment = try CommandEnvironment()
            let secret = APIKeySecret.generate(mode: test ? .test : .live)
            let scopes = try chosenScopes()
            let expiry = expiresInDays.map { Date().addingTimeInterval(Double($0) * 86_400) }
            if let refusal = KeyPolicy.refusal(creating: KeyTerms(scopes: scopes, expiresAt: expiry), by: .operator) {
                throw KeyPolicyError(operation: "create", refusal: refusal)  // the operator holds every scope
            }
            let id = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                let user = try await UserStore(client: client, logger: environment.logger).require(email: email)
                let cap = environment.settings.security.keyMaxActive
                guard
                    let id = try await APIKeyStore(client: client, logger: environment.logger).create(
                        secret: secret, userID: user.id, name: name, scopes: scopes, expiresAt: expiry, maxActive: cap)
                else {
                    throw RuntimeError.invalidArgument("\(email) already holds \(cap) active keys (API_KEY_MAX_ACTIVE)")
                }
                let keys = APIKeyStore(client: client, logger: environment.logger)
                if let created = try await keys.summary(id: id, userID: user.id) {
                    try await AdminAudit.record(
                        [ApiKeyLifecycleEvent(.created, of: created, owner: user.id, actor: nil)],
                        client: client, environment: environment)
                }
                return id
            }
            emitLine("key id: \(id.lowercased)")
            emitLine("API key (shown once, store it now): \(secret.value)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a user's keys (prefixes only).")
        @Option(help: "E-mail of the keys' owner.") var email: String

        func run() async throws {
            let environment = try CommandEnvironment()
            let keys = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                let user = try await UserStore(client: client, logger: environment.logger).require(email: email)
                return try await APIKeyStore(client: client, logger: environment.logger).list(userID: user.id)
            }
            for key in keys {
                let state =
                    key.isActive
                    ? (key.expiresAt.map { $0 < Date() ? "expired" : "active until \($0)" } ?? "active") : "revoked"
                emitLine(
                    "\(key.id.lowercased)  \(key.keyPrefix)…  \(state)  \(key.name)  [\(key.scopes.joined(separator: ","))]"
                )
            }
        }
    }
}
