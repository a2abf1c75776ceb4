import Foundation
import MataresitCore
import MataresitStore

/// A claim as the API returns it: the table's snake_case names, `attachments` and `metadata` as JSON.
struct ClaimView: Encodable {
    let claim: Claim

    enum CodingKeys: String, CodingKey {
        case id, title, description, amount, currency, category, priority, status, attachments, metadata
        case submittedAt = "submitted_at", reviewedAt = "reviewed_at", approvedAt = "approved_at"
        case reviewedBy = "reviewed_by", approvedBy = "approved_by", rejectionReason = "rejection_reason"
        case createdAt = "created_at", updatedAt = "updated_at", teamID = "team_id", claimantID = "claimant_id"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeLowercase(claim.id, forKey: .id)
        try container.encode(claim.title, forKey: .title)
        try container.encode(claim.description, forKey: .description)
        try container.encode(claim.amount, forKey: .amount)
        try container.encode(claim.currency, forKey: .currency)
        try container.encode(claim.category, forKey: .category)
        try container.encode(claim.priority, forKey: .priority)
        try container.encode(claim.status, forKey: .status)
        try container.encode(claim.submittedAt, forKey: .submittedAt)
        try container.encode(claim.reviewedAt, forKey: .reviewedAt)
        try container.encode(claim.approvedAt, forKey: .approvedAt)
        try container.encodeLowercase(claim.reviewedBy, forKey: .reviewedBy)
        try container.encodeLowercase(claim.approvedBy, forKey: .approvedBy)
        try container.encode(claim.rejectionReason, forKey: .rejectionReason)
        try container.encode(claim.createdAt, forKey: .createdAt)
        try container.encode(claim.updatedAt, forKey: .updatedAt)
        try container.encodeLowercase(claim.teamID, forKey: .teamID)
        try container.encodeLowercase(claim.claimantID, forKey: .claimantID)
        try container.encode(Self.json(claim.attachments, fallback: .array([])), forKey: .attachments)
        try container.encode(Self.json(claim.metadata, fallback: .object([:])), forKey: .metadata)
    }

    static func json(_ text: String, fallback: JSONValue) -> JSONValue {
        (try? JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))) ?? fallback
    }

    /// The ids of the receipts attached to the claim, in attachment order.
    static func receiptIDs(of claim: Claim) -> [UUID] { receiptIDs(inAttachments: claim.attachments) }

    /// The ids of the receipts an attachments array (JSON text) refers to, in order.
    static func receiptIDs(inAttachments attachments: String) -> [UUID] {
        guard case .array(let items) = json(attachments, fallback: .array([])) else { return [] }
        return items.compactMap { item in
            guard case .object(let object) = item, object["type"] == .string("receipt"),
                case .string(let id)? = object["receiptId"]
            else { return nil }
            return UUID(uuidString: id)
        }
    }
}

/// A claim with its audit trail and attached receipts (`GET /claims/{id}`).
struct ClaimDetail: Encodable {
    let claim: Claim
    let auditTrail: [ClaimAuditEntry]
    let receipts: [Receipt]

    enum CodingKeys: String, CodingKey { case auditTrail = "claim_audit_trail", receipts }

    func encode(to encoder: any Encoder) throws {
        try ClaimView(claim: claim).encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(auditTrail, forKey: .auditTrail)
        try container.encode(receipts, forKey: .receipts)
    }
}
