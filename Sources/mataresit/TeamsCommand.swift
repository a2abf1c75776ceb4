import ArgumentParser
import Foundation
import MataresitCore
import MataresitRuntime
import MataresitStore

struct TeamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teams", abstract: "Manage teams and their members (admin actions, recorded in the audit log).",
        subcommands: [Create.self, AddMember.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a team owned by a user (idempotent by slug).")

        @Option(help: "Team name.") var name: String
        @Option(help: "E-mail address of the owner (an existing user).") var owner: String
        @Option(help: "URL-safe identifier (default: from the name).") var slug: String?

        var effectiveSlug: String { slug ?? TeamsCommand.slug(from: name) }

        func validate() throws {
            guard (1...100).contains(name.trimmingCharacters(in: .whitespaces).count) else {
                throw ValidationError("--name must be 1 to 100 characters")
            }
            guard TeamsCommand.isSlug(effectiveSlug) else {
                throw ValidationError(
                    "--slug must be 1 to 60 lowercase letters, digits or '-' (got '\(effectiveSlug)')")
            }
        }

        func run() async throws {
            let environment = try CommandEnvironment()
            let teamID = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                let user = try await UserStore(client: client, logger: environment.logger).require(email: owner)
                let teamID = try await TeamStore(client: client, logger: environment.logger).createOrFind(
                    name: name, slug: effectiveSlug, ownerID: user.id)
                try await AdminAudit.record(
                    TeamAdminActions.created(team: teamID, owner: user.id), client: client, environment: environment)
                return teamID
            }
            emitLine("team \(teamID.lowercased) slug=\(effectiveSlug)")
        }
    }

    struct AddMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-member",
            abstract: "Add a user to a team, or change their role (audited as the API audits the same change).")

        @Option(help: "Team id.") var team: String
        @Option(help: "E-mail address of the user.") var email: String
        @Option(help: "owner, admin, member or viewer.") var role: String = "member"

        func validate() throws {
            guard UUID(uuidString: team) != nil else { throw ValidationError("--team must be a team id (UUID)") }
            guard TeamRole(rawValue: role) != nil else {
                throw ValidationError("--role must be owner, admin, member or viewer")
            }
        }

        func run() async throws {
            let environment = try CommandEnvironment()
            let teamID = UUID(uuidString: team)!
            try await environment.withDatabase(try environment.requiredDatabase()) { client in
                let teams = TeamStore(client: client, logger: environment.logger)
                guard try await teams.summary(teamID: teamID) != nil else { throw StoreError.notFound("team \(team)") }
                let user = try await UserStore(client: client, logger: environment.logger).require(email: email)
                let current = try await teams.role(teamID: teamID, userID: user.id)
                guard current?.rawValue != role else { return }
                try await teams.setMember(teamID: teamID, userID: user.id, role: TeamRole(rawValue: role)!)
                let action =
                    current.map {
                        TeamAdminActions.memberRoleChanged(
                            team: teamID, user: user.id, from: $0.rawValue, to: role, by: .commandLine)
                    } ?? TeamAdminActions.memberAdded(team: teamID, user: user.id, role: role, by: .commandLine)
                try await AdminAudit.record(
                    action, invalidating: ["team:\(teamID.lowercased)", "user:\(user.id.lowercased)"],
                    client: client, environment: environment)
            }
            emitLine("\(email) is \(role) of team \(teamID.lowercased)")
        }
    }

    /// Lowercase letters and digits of the name, other runs as one '-'.
    static func slug(from name: String) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return String(slug.prefix(60))
    }

    static func isSlug(_ text: String) -> Bool {
        (1...60).contains(text.count)
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
            }
    }
}
