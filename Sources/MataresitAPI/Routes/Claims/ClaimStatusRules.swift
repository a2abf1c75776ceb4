import MataresitStore

/// Who may change what on a claim. Team owners and admins may set any status and edit any field;
/// the claimant (a contributing member) may edit their claim while it is a draft or rejected, and may move it
/// from there to `submitted`; nobody else may change it.
enum ClaimStatusRules {
    static let statuses = ["draft", "submitted", "under_review", "approved", "rejected", "paid"]
    static let priorities = ["low", "medium", "high", "urgent"]
    /// Statuses in which a claim may not be deleted.
    static let undeletable: Set<String> = ["submitted", "under_review", "approved", "paid"]
    /// Statuses in which the claimant may still edit their claim.
    static let editableByClaimant: Set<String> = ["draft", "rejected"]

    /// Throws 403 unless `role` (and being the claimant) allows `changes` to the claim.
    static func check(_ changes: ClaimChanges, claim: Claim, role: TeamRole, isClaimant: Bool) throws {
        if TeamAccess.administrators.contains(role) { return }
        guard isClaimant, TeamAccess.contributors.contains(role) else {
            throw APIError(
                status: .forbidden, code: .accessDenied,
                message: "Only the claimant or a team admin may change this claim")
        }
        guard editableByClaimant.contains(claim.status) else {
            throw APIError(
                status: .forbidden, code: .accessDenied,
                message: "A claim that is \(claim.status) can only be changed by a team admin")
        }
        if let status = changes.status, status != claim.status, status != "submitted" {
            throw APIError(
                status: .forbidden, code: .accessDenied, message: "Only a team admin may change a claim's status")
        }
    }
}
