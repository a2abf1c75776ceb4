import Foundation
import MataresitStore

/// Team expense claims (`/claims`) and their audit trail. The API checks team roles and status rules first; each
/// change writes its audit row with it.
public protocol ClaimRepository: Sendable {
    func list(_ filter: ClaimFilter, page: Int, limit: Int) async throws -> Page<Claim>
    func find(id: UUID) async throws -> Claim?
    /// A draft, with its `created` audit row.
    func create(_ claim: NewClaim, claimantID: UUID) async throws -> Claim
    /// nil when the claim is gone or its status is no longer `expectedStatus` (changed meanwhile).
    func update(id: UUID, expectedStatus: String, _ changes: ClaimChanges, actorID: UUID) async throws -> Claim?
    func delete(id: UUID) async throws -> Bool
    /// Oldest first.
    func auditTrail(claimID: UUID) async throws -> [ClaimAuditEntry]
    /// Appends a receipt attachment for each receipt not attached yet; nil when the claim is gone.
    func attach(receiptIDs: [UUID], to claimID: UUID, actorID: UUID) async throws -> Claim?
    /// Removes those receipts' attachments; nil when the claim is gone.
    func detach(receiptIDs: [UUID], from claimID: UUID, actorID: UUID) async throws -> Claim?
}

extension ClaimStore: ClaimRepository {}
