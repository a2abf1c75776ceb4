import Foundation
import MataresitCore
import MataresitStore

/// Teams as `/teams` shows and administers them (membership checks are ``TeamRepository``).
public protocol TeamDirectoryRepository: Sendable {
    func memberships(userID: UUID) async throws -> [TeamMembership]
    func summary(teamID: UUID) async throws -> TeamSummary?
    func members(teamID: UUID) async throws -> [TeamMemberRow]
    func stats(teamID: UUID) async throws -> TeamStats
    /// Removes the member and their keys bound to the team; false when not a member.
    func removeMember(teamID: UUID, userID: UUID) async throws -> Bool
    /// false when the user is not a member.
    func updateRole(teamID: UUID, userID: UUID, role: TeamRole) async throws -> Bool
}

/// Users as `/me`, `/teams` and erasure requests read them.
public protocol UserRepository: Sendable {
    func find(id: UUID) async throws -> StoredUser?
    func profile(userID: UUID) async throws -> UserProfile?
}

/// Everything held about a user, as the JSON document of `/me/export`; nil when there is no such user.
public protocol PersonalDataExporting: Sendable {
    func document(userID: UUID, accessLogLimit: Int) async throws -> String?
}

extension TeamStore: TeamDirectoryRepository {}
extension UserStore: UserRepository {}
extension PersonalDataExport: PersonalDataExporting {}
