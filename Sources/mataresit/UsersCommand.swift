import ArgumentParser
import MataresitCore
import MataresitRuntime
import MataresitStore

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage users (there is no separate identity provider).",
        subcommands: [Create.self, SetTier.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user (idempotent by e-mail).")

        @Option(help: "E-mail address.") var email: String
        @Option(help: "free, pro or max.") var tier: String = "free"
        @Option(help: "First name.") var firstName: String?
        @Option(help: "Last name.") var lastName: String?

        func validate() throws {
            guard Tier(rawValue: tier) != nil else { throw ValidationError("--tier must be free, pro or max") }
            guard email.contains("@"), email.count <= 320 else {
                throw ValidationError("--email is not an e-mail address")
            }
        }

        func run() async throws {
            let environment = try CommandEnvironment()
            let user = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                let user = try await UserStore(client: client, logger: environment.logger).createOrFind(
                    email: email, firstName: firstName, lastName: lastName, tier: Tier(rawValue: tier)!)
                try await AdminAudit.record(
                    AdminAction(
                        action: "users.create", targetType: "user", targetID: user.id.lowercased,
                        attributes: ["tier": user.tier.rawValue]),
                    client: client, environment: environment)
                return user
            }
            emitLine("user \(user.id.lowercased) \(user.email) tier=\(user.tier.rawValue)")
        }
    }

    struct SetTier: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-tier", abstract: "Change a user's tier.")

        @Option(help: "E-mail address of the user.") var email: String
        @Option(help: "free, pro or max.") var tier: String

        func validate() throws {
            guard Tier(rawValue: tier) != nil else { throw ValidationError("--tier must be free, pro or max") }
        }

        func run() async throws {
            let environment = try CommandEnvironment()
            try await environment.withDatabase(try environment.requiredDatabase()) { client in
                let users = UserStore(client: client, logger: environment.logger)
                let user = try await users.require(email: email)
                try await users.setTier(userID: user.id, tier: Tier(rawValue: tier)!)
                try await AdminAudit.record(
                    AdminAction(
                        action: "users.set_tier", targetType: "user", targetID: user.id.lowercased,
                        attributes: ["tier": tier]),
                    invalidating: ["user:\(user.id.lowercased)"], client: client, environment: environment)
            }
            emitLine("tier of \(email) is now \(tier)")
        }
    }
}
