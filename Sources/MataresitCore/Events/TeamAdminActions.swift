import Foundation

/// The admin actions of teams, one name and one set of attributes per action whichever door (the API or the CLI)
/// it came through, so the audit log reads the same for both. Ids and roles only, never personal data.
public enum TeamAdminActions {
    /// Who acted: an admin user and key through the API; nil for the operator at the command line.
    public struct Actor: Sendable {
        public var userID: UUID?
        public var apiKeyID: UUID?

        public init(userID: UUID?, apiKeyID: UUID?) {
            self.userID = userID
            self.apiKeyID = apiKeyID
        }

        public static let commandLine = Actor(userID: nil, apiKeyID: nil)
    }

    public static func created(team: UUID, owner: UUID, by actor: Actor = .commandLine) -> AdminAction {
        action("teams.create", team: team, by: actor, ["owner_user_id": owner.lowercased])
    }

    public static func memberAdded(team: UUID, user: UUID, role: String, by actor: Actor) -> AdminAction {
        action("teams.add_member", team: team, by: actor, ["user_id": user.lowercased, "role": role])
    }

    public static func memberRoleChanged(team: UUID, user: UUID, from old: String, to new: String, by actor: Actor)
        -> AdminAction
    {
        action(
            "teams.update_member_role", team: team, by: actor,
            ["user_id": user.lowercased, "old_role": old, "new_role": new])
    }

    public static func memberRemoved(team: UUID, user: UUID, role: String, by actor: Actor) -> AdminAction {
        action("teams.remove_member", team: team, by: actor, ["user_id": user.lowercased, "role": role])
    }

    private static func action(_ name: String, team: UUID, by actor: Actor, _ attributes: [String: String])
        -> AdminAction
    {
        AdminAction(
            actorUserID: actor.userID, actorApiKeyID: actor.apiKeyID, action: name, targetType: "team",
            targetID: team.lowercased, attributes: attributes)
    }
}
