import Foundation
import MataresitStore

/// Who may do what with one receipt: its owner always; otherwise members of the receipt's team by role
/// (any member reads, owners, admins and members edit, owners and admins delete).
struct ReceiptAccess: Sendable {
    enum Action: Sendable { case read, write, delete }

    let receipts: any ReceiptRepository
    let teams: any TeamRepository

    /// The receipt when the caller may perform `action` on it; 404 when missing, 403 when not allowed.
    func require(_ action: Action, id: UUID, userID: UUID) async throws -> Receipt {
        guard let receipt = try await receipts.find(id: id) else {
            throw APIError.notFound("Receipt")
        }
        if receipt.userID == userID { return receipt }
        guard let teamID = receipt.teamID, let role = try await teams.role(teamID: teamID, userID: userID) else {
            throw APIError(status: .forbidden, code: .accessDenied, message: "Access denied to this receipt")
        }
        let allowed: Bool =
            switch action {
            case .read: true
            case .write: TeamAccess.contributors.contains(role)
            case .delete: TeamAccess.administrators.contains(role)
            }
        guard allowed else {
            throw APIError(status: .forbidden, code: .accessDenied, message: "Your team role does not allow this")
        }
        return receipt
    }
}
