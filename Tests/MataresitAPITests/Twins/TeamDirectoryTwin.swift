import Foundation
import MataresitAPI
import MataresitCore
import Synchronization

@testable import MataresitStore

/// Teams' names and members over ``TeamTwin``'s roles, with `TeamStore`'s side effect: removing a member deletes
/// their keys bound to the team.
final class TeamDirectoryTwin: TeamDirectoryRepository {
    private let roles: TeamTwin
    private let users: UserTwin
    private let keys: KeyTwin
    private let receipts: ReceiptTwin
    private let teams = Mutex<[UUID: TeamSummary]>([:])

    init(roles: TeamTwin, users: UserTwin, keys: KeyTwin, receipts: ReceiptTwin) {
        self.roles = roles
        self.users = users
        self.keys = keys
        self.receipts = receipts
    }

    /// A team owned by `owner`.
    func create(_ name: String, owner: UUID) -> UUID {
        let id = UUID(), now = Date()
        teams.withLock {
            $0[id] = TeamSummary(
                id: id, name: name, description: nil, status: "active", memberCount: 0, createdAt: now,
                updatedAt: now, settings: "{}", ownerID: owner)
        }
        roles.add(owner, to: id, as: .owner)
        return id
    }

    func memberships(userID: UUID) async throws -> [TeamMembership] {
        var result: [TeamMembership] = []
        for teamID in try await roles.teamIDs(userID: userID) {
            guard let team = try await summary(teamID: teamID),
                let role = try await roles.role(teamID: teamID, userID: userID)
            else { continue }
            result.append(
                TeamMembership(
                    team: team, role: role.rawValue, joinedAt: team.createdAt,
                    receiptCount: receipts.all.filter { $0.teamID == teamID }.count, claimCount: 0))
        }
        return result
    }

    func summary(teamID: UUID) async throws -> TeamSummary? {
        guard var team = teams.withLock({ $0[teamID] }) else { return nil }
        team.memberCount = roles.members(of: teamID).count
        return team
    }

    func members(teamID: UUID) async throws -> [TeamMemberRow] {
        roles.members(of: teamID).map { userID, role in
            let user = users.user(userID)
            return TeamMemberRow(
                id: UUID(), userID: userID, email: user?.email ?? "unknown@example.com", fullName: user?.firstName,
                role: role.rawValue, joinedAt: Date(), permissions: "{}")
        }
    }

    func stats(teamID: UUID) async throws -> TeamStats {
        let mine = receipts.all.filter { $0.teamID == teamID }.sorted { $0.createdAt > $1.createdAt }
        return TeamStats(
            totalReceipts: mine.count, totalClaims: 0, totalAmount: mine.map(\.total).reduce(0, +), currency: "USD",
            activeMembers: roles.members(of: teamID).count, recentReceipts: Array(mine.prefix(5)))
    }

    func removeMember(teamID: UUID, userID: UUID) async throws -> Bool {
        guard roles.remove(userID, from: teamID) else { return false }
        keys.delete(userID: userID, teamID: teamID)
        return true
    }

    func updateRole(teamID: UUID, userID: UUID, role: TeamRole) async throws -> Bool {
        guard try await roles.role(teamID: teamID, userID: userID) != nil else { return false }
        roles.add(userID, to: teamID, as: role)
        return true
    }
}

/// Users and their profiles; the month's receipts come from the ``ReceiptTwin``.
final class UserTwin: UserRepository, PersonalDataExporting {
    private let users = Mutex<[UUID: StoredUser]>([:])
    private let receipts: ReceiptTwin

    init(receipts: ReceiptTwin) { self.receipts = receipts }

    @discardableResult
    func add(_ id: UUID, email: String, tier: Tier = .pro) -> StoredUser {
        let user = StoredUser(id: id, email: email, firstName: "First", lastName: "Last", tier: tier)
        users.withLock { $0[id] = user }
        return user
    }

    func user(_ id: UUID) -> StoredUser? { users.withLock { $0[id] } }

    func find(id: UUID) async throws -> StoredUser? { user(id) }

    func profile(userID: UUID) async throws -> UserProfile? {
        guard let user = user(userID) else { return nil }
        return UserProfile(
            id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName, tier: user.tier,
            subscriptionStatus: "active", preferredCurrency: "MYR", preferredLanguage: "en",
            receiptsUsedThisMonth: try await receipts.createdThisMonth(userID: userID))
    }

    /// The user and their receipts' merchants: enough to tell whose data a document holds.
    func document(userID: UUID, accessLogLimit: Int) async throws -> String? {
        guard let user = user(userID) else { return nil }
        let merchants = receipts.all.filter { $0.userID == userID }.map(\.merchant)
        let body = try JSONSerialization.data(
            withJSONObject: ["user": ["id": user.id.lowercased, "email": user.email], "receipts": merchants])
        return String(decoding: body, as: UTF8.self)
    }
}
