import ArgumentParser
import Foundation
import MataresitCore
import MataresitRuntime
import MataresitStore

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys.",
        discussion: "Changes made here are written to the database; the API emits lifecycle events for its own changes.",
        subcommands: [Create.self, List.self, Revoke.self, Rotate.self, Expire.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key for a user and print it once (only its hash is stored).")

        @Option(help: "E-mail of the key's owner (see `mataresit users create`).") var email: String
        @Option(help: "A name for the key (3-255 characters).") var name: String
        @Option(help: "read, write or admin.") var preset: String = "read"
        @Option(help: "Comma-separated scopes instead of a preset, e.g. receipts:read,receipts:write.") var scopes: String?
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
            let id = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                guard let user = try await UserStore(client: client, logger: environment.logger).find(email: email) else {
                    throw StoreError.notFound("user \(email)")
                }
                let id = try await APIKeyStore(client: client, logger: environment.logger).create(
                    secret: secret, userID: user.id, name: name, scopes: scopes, expiresAt: expiry)
                try await AdminAudit.record(
                    AdminAction(
                        action: "keys.create", targetType: "api_key", targetID: id.lowercased,
                        attributes: ["scopes": scopes.map(\.rawValue).joined(separator: ",")]),
                    client: client, environment: environment)
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
                guard let user = try await UserStore(client: client, logger: environment.logger).find(email: email) else {
                    throw StoreError.notFound("user \(email)")
                }
                return try await APIKeyStore(client: client, logger: environment.logger).list(userID: user.id)
            }
            for key in keys {
                let state = key.isActive ? (key.expiresAt.map { $0 < Date() ? "expired" : "active until \($0)" } ?? "active") : "revoked"
                emitLine("\(key.id.lowercased)  \(key.keyPrefix)…  \(state)  \(key.name)  [\(key.scopes.joined(separator: ","))]")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key (it stops working within a second).")
        @Option(help: "E-mail of the key's owner.") var email: String
        @Option(help: "The key's id.") var id: String

        func run() async throws {
            guard let keyID = UUID(uuidString: id) else { throw ValidationError("--id must be a UUID") }
            let environment = try CommandEnvironment()
            try await environment.withDatabase(try environment.requiredDatabase()) { client in
                guard let user = try await UserStore(client: client, logger: environment.logger).find(email: email),
                    try await APIKeyStore(client: client, logger: environment.logger).revoke(id: keyID, userID: user.id) != nil
                else { throw StoreError.notFound("key \(id) of \(email)") }
                try await AdminAudit.record(
                    AdminAction(action: "keys.revoke", targetType: "api_key", targetID: keyID.lowercased),
                    client: client, environment: environment)
            }
            emitLine("revoked \(keyID.lowercased)")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a replacement key; the old one expires after the grace period.")
        @Option(help: "E-mail of the key's owner.") var email: String
        @Option(help: "The key's id.") var id: String
        @Option(help: "Hours the old key keeps working.") var graceHours: Int = 24

        func run() async throws {
            guard let keyID = UUID(uuidString: id) else { throw ValidationError("--id must be a UUID") }
            guard (0...720).contains(graceHours) else { throw ValidationError("--grace-hours must be 0 to 720") }
            let environment = try CommandEnvironment()
            let secret = APIKeySecret.generate(mode: .live)
            let new = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                guard let user = try await UserStore(client: client, logger: environment.logger).find(email: email),
                    let rotated = try await APIKeyStore(client: client, logger: environment.logger).rotate(
                        id: keyID, userID: user.id, secret: secret, grace: .seconds(graceHours * 3600))
                else { throw StoreError.notFound("active key \(id) of \(email)") }
                try await AdminAudit.record(
                    AdminAction(
                        action: "keys.rotate", targetType: "api_key", targetID: keyID.lowercased,
                        attributes: ["replaced_by": rotated.new.id.lowercased, "grace_hours": String(graceHours)]),
                    client: client, environment: environment)
                return rotated.new
            }
            emitLine("new key id: \(new.id.lowercased); the old key expires in \(graceHours) h")
            emitLine("API key (shown once, store it now): \(secret.value)")
        }
    }
}
