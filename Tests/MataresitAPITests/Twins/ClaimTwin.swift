import Foundation
import MataresitAPI
import MataresitCore
import Synchronization

@testable import MataresitStore

/// `claims` and `claim_audit_trail` in memory, with `ClaimStore`'s semantics: a listing's filters and order
/// (NULLS LAST, then id), an update only while the status is still the expected one, the columns a status change
/// stamps, an audit row with every change, and receipt attachments built from the receipts `ReceiptTwin` holds.
final class ClaimTwin: ClaimRepository {
    private struct Tables {
        var claims: [UUID: Claim] = [:]
        var trails: [UUID: [ClaimAuditEntry]] = [:]
    }

    private let tables = Mutex(Tables())
    private let receipts: ReceiptTwin

    init(receipts: ReceiptTwin) { self.receipts = receipts }

    var all: [Claim] { tables.withLock { Array($0.claims.values) } }
    func trail(_ claimID: UUID) -> [ClaimAuditEntry] { tables.withLock { $0.trails[claimID] ?? [] } }

    func list(_ filter: ClaimFilter, page: Int, limit: Int) async throws -> Page<Claim> {
        let selected = tables.withLock { $0.claims.values.filter { Self.matches($0, filter) } }
            .sorted { Self.precedes($0, $1, by: filter.sortBy, ascending: filter.ascending) }
        let items = Array(selected.dropFirst(Page<Claim>.offset(page: page, limit: limit)).prefix(limit))
        return Page(items: items, total: selected.count, page: page, limit: limit)
    }

    func find(id: UUID) async throws -> Claim? { tables.withLock { $0.claims[id] } }

    func create(_ new: NewClaim, claimantID: UUID) async throws -> Claim {
        let now = Date()
        let claim = Claim(
            id: UUID(), teamID: new.teamID, claimantID: claimantID, title: new.title, description: new.description,
            amount: new.amount, currency: new.currency, category: new.category, priority: new.priority,
            status: "draft", submittedAt: nil, reviewedBy: nil, reviewedAt: nil, approvedBy: nil, approvedAt: nil,
            rejectionReason: nil, metadata: "{}", attachments: new.attachments, createdAt: now, updatedAt: now)
        tables.withLock { tables in
            tables.claims[claim.id] = claim
            Self.audit(&tables, claim.id, actorID: claimantID, "created", from: nil, to: "draft", comment: nil)
        }
        return claim
    }

    func update(id: UUID, expectedStatus: String, _ changes: ClaimChanges, actorID: UUID) async throws -> Claim? {
        tables.withLock { tables in
            guard var claim = tables.claims[id], claim.status == expectedStatus else { return nil }
            let now = Date()
            claim.updatedAt = now
            claim.title = changes.title ?? claim.title
            if let description = changes.description { claim.description = description }
            claim.amount = changes.amount ?? claim.amount
            claim.currency = changes.currency ?? claim.currency
            if let category = changes.category { claim.category = category }
            claim.priority = changes.priority ?? claim.priority
            if let status = changes.status, status != expectedStatus {
                Self.move(&claim, to: status, reason: changes.rejectionReason, actorID: actorID, at: now)
            }
            tables.claims[id] = claim
            let action = claim.status == expectedStatus ? "updated" : "status_changed"
            Self.audit(
                &tables, id, actorID: actorID, action, from: expectedStatus, to: claim.status,
                comment: changes.comment)
            return claim
        }
    }

    /// `ClaimStore.statusAssignments`: back to draft clears `submitted_at`, any other status keeps or stamps it;
    /// reviews and approvals record who and when; a rejection stores its reason (or none).
    static func move(_ claim: inout Claim, to status: String, reason: String?, actorID: UUID, at now: Date) {
        claim.status = status
        claim.submittedAt = status == "draft" ? nil : claim.submittedAt ?? now
        if ["under_review", "approved", "rejected"].contains(status) {
            claim.reviewedAt = now
            claim.reviewedBy = actorID
        }
        if status == "approved" {
            claim.approvedAt = now
            claim.approvedBy = actorID
        }
        if status == "rejected" { claim.rejectionReason = reason }
    }

    func delete(id: UUID) async throws -> Bool {
        tables.withLock { tables in
            tables.trails[id] = nil
            return tables.claims.removeValue(forKey: id) != nil
        }
    }

    func auditTrail(claimID: UUID) async throws -> [ClaimAuditEntry] { trail(claimID) }

    /// Existing receipts not attached yet, ordered by date then id, each as the store's attachment object.
    func attach(receiptIDs: [UUID], to claimID: UUID, actorID: UUID) async throws -> Claim? {
        let found = try await receipts.find(ids: receiptIDs).sorted {
            ($0.date, $0.id.uuidString) < ($1.date, $1.id.uuidString)
        }
        return tables.withLock { tables in
            guard var claim = tables.claims[claimID] else { return nil }
            var items = Self.attachments(of: claim)
            let attached = Set(items.compactMap(Self.receiptID))
            for receipt in found where !attached.contains(receipt.id.lowercased) {
                items.append(Self.attachment(receipt))
            }
            claim.attachments = Self.text(.array(items))
            claim.updatedAt = Date()
            tables.claims[claimID] = claim
            Self.audit(
                &tables, claimID, actorID: actorID, "receipts_attached", from: claim.status, to: claim.status,
                comment: receiptIDs.map(\.lowercased).joined(separator: ","))
            return claim
        }
    }

    /// Drops the receipt attachments with these ids (compared lowercased); other attachments stay, in order.
    func detach(receiptIDs: [UUID], from claimID: UUID, actorID: UUID) async throws -> Claim? {
        let ids = Set(receiptIDs.map(\.lowercased))
        return tables.withLock { tables in
            guard var claim = tables.claims[claimID] else { return nil }
            let kept = Self.attachments(of: claim).filter { item in
                guard let id = Self.receiptID(item) else { return true }
                return !ids.contains(id.lowercased())
            }
            claim.attachments = Self.text(.array(kept))
            claim.updatedAt = Date()
            tables.claims[claimID] = claim
            Self.audit(
                &tables, claimID, actorID: actorID, "receipts_detached", from: claim.status, to: claim.status,
                comment: receiptIDs.map(\.lowercased).joined(separator: ","))
            return claim
        }
    }

    private static func audit(
        _ tables: inout Tables, _ claimID: UUID, actorID: UUID, _ action: String, from: String?, to: String?,
        comment: String?
    ) {
        tables.trails[claimID, default: []].append(
            ClaimAuditEntry(
                id: UUID(), action: action, oldStatus: from, newStatus: to, comment: comment, createdAt: Date(),
                userID: actorID))
    }

    static func matches(_ claim: Claim, _ filter: ClaimFilter) -> Bool {
        guard filter.teamIDs.contains(claim.teamID) else { return false }
        if let minimum = filter.minAmount, claim.amount < minimum { return false }
        if let maximum = filter.maxAmount, claim.amount > maximum { return false }
        if let claimant = filter.claimantID, claim.claimantID != claimant { return false }
        let day = String(claim.createdAt.ISO8601Format().prefix(10))
        if let start = filter.startDate, day < start { return false }
        if let end = filter.endDate, day > end { return false }
        return [
            (filter.status, claim.status), (filter.priority, claim.priority), (filter.category, claim.category),
            (filter.currency, claim.currency)
        ].allSatisfy { wanted, actual in wanted == nil || wanted == actual }
    }

    /// ORDER BY column NULLS LAST, id, in the filter's direction.
    static func precedes(_ a: Claim, _ b: Claim, by column: ClaimSortColumn, ascending: Bool) -> Bool {
        SQLOrder.precedes((sortKey(a, column), a.id), (sortKey(b, column), b.id), ascending: ascending)
    }

    /// The column's value as text that sorts like the column (numbers padded, timestamps as seconds).
    static func sortKey(_ claim: Claim, _ column: ClaimSortColumn) -> String? {
        let time = SQLOrder.time
        switch column {
        case .createdAt: return time(claim.createdAt)
        case .updatedAt: return time(claim.updatedAt)
        case .submittedAt: return time(claim.submittedAt)
        case .amount: return String(format: "%020.4f", NSDecimalNumber(decimal: claim.amount).doubleValue)
        case .title: return claim.title
        case .status: return claim.status
        case .priority: return claim.priority
        case .category: return claim.category
        case .currency: return claim.currency
        }
    }

    /// `{type:"receipt", receiptId, url, metadata:{merchant,date,total,currency}}`.
    static func attachment(_ receipt: Receipt) -> JSONValue {
        .object([
            "type": .string("receipt"), "receiptId": .string(receipt.id.lowercased),
            "url": receipt.imageURL.map(JSONValue.string) ?? .null,
            "metadata": .object([
                "merchant": .string(receipt.merchant), "date": .string(receipt.date),
                "total": .number(NSDecimalNumber(decimal: receipt.total).doubleValue),
                "currency": .string(receipt.currency)
            ])
        ])
    }

    static func receiptID(_ item: JSONValue) -> String? {
        guard case .object(let object) = item, object["type"] == .string("receipt"),
            case .string(let id)? = object["receiptId"]
        else { return nil }
        return id
    }

    static func attachments(of claim: Claim) -> [JSONValue] {
        guard case .array(let items)? = try? JSONDecoder().decode(JSONValue.self, from: Data(claim.attachments.utf8))
        else { return [] }
        return items
    }

    /// JSON text, as a `jsonb` column reads back.
    static func text(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}
