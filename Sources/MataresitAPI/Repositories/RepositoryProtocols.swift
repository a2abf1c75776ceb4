import Crypto
import Foundation
import MataresitCore
import MataresitStore

/// API keys: authentication's look-up and the owner's management (`/keys`), each change checked by `KeyPolicy`.
public protocol APIKeyRepository: Sendable {
    func find(hash: String) async throws -> StoredAPIKey?
    func list(userID: UUID) async throws -> [APIKeySummary]
    func summary(id: UUID, userID: UUID) async throws -> APIKeySummary?
    /// nil when the user already holds `maxActive` keys that authenticate.
    func create(
        secret: APIKeySecret, userID: UUID, teamID: UUID?, name: String, description: String?, scopes: [Scope],
        expiresAt: Date?, allowedIPs: [String], maxActive: Int
    ) async throws -> UUID?
    func update(id: UUID, userID: UUID, changes: KeyChanges, by actor: KeyActor) async throws
        -> KeyOutcome<APIKeySummary>
    func revoke(id: UUID, userID: UUID, by actor: KeyActor) async throws -> KeyOutcome<APIKeySummary>
    func rotate(id: UUID, userID: UUID, secret: APIKeySecret, grace: Duration, by actor: KeyActor) async throws
        -> KeyOutcome<KeyRotation>
}

/// Team membership as access checks and cache invalidation need it.
public protocol TeamRepository: Sendable {
    /// The user's role in the team; nil when not a member.
    func role(teamID: UUID, userID: UUID) async throws -> TeamRole?
    func teamIDs(userID: UUID) async throws -> [UUID]
}

/// The shared rate-limit cells (GCRA) every instance leases admissions from.
public protocol RateLimitCellRepository: Sendable {
    func take(subject: UUID, windows: [RateLimitPolicy.Window], want: Int) async throws -> RateLimitGrant
}

/// Per-subject data keys that seal personal fields in events (crypto-shredding).
public protocol SubjectKeyRepository: Sendable {
    /// The subject's key, made on first use; nil when the subject was erased or `timeout` passed.
    func keyCreatingIfMissing(for subject: String, within timeout: Duration) async throws -> SymmetricKey?
}

/// Failed authentications per client digest, counted across instances.
public protocol FailedAuthRepository: Sendable {
    func digestSecret() async throws -> [UInt8]
    func recordFailure(client digest: [UInt8], window: Int) async throws -> (failures: Int, secondsLeft: Int)
}

/// Whether the database answers.
public protocol DatabasePing: Sendable {
    func ping() async throws
}

extension APIKeyStore: APIKeyRepository {}
extension TeamStore: TeamRepository {}
extension RateLimitCellStore: RateLimitCellRepository {}
extension SubjectKeyStore: SubjectKeyRepository {}
extension FailedAuthStore: FailedAuthRepository {}
extension DatabaseLiveness: DatabasePing {}

/// Receipts: the owner's and team members' reads and writes (`/receipts`).
public protocol ReceiptRepository: Sendable {
    func list(_ filter: ReceiptFilter, page: Int, limit: Int) async throws -> Page<Receipt>
    func count(_ filter: ReceiptFilter) async throws -> Int
    func find(id: UUID) async throws -> Receipt?
    /// The receipts with these ids that exist, newest date first (a claim's attachments).
    func find(ids: [UUID]) async throws -> [Receipt]
    /// Inserts with line items and a first processing log; throws `ReceiptQuotaExceeded` past `monthlyLimit`.
    func create(_ receipt: NewReceipt, userID: UUID, monthlyLimit: Int?) async throws -> Receipt
    /// nil when the receipt does not exist.
    func update(id: UUID, _ changes: ReceiptChanges) async throws -> Receipt?
    func delete(id: UUID) async throws -> Bool
    func createdThisMonth(userID: UUID) async throws -> Int
}

/// A receipt's line items.
public protocol LineItemRepository: Sendable {
    func list(receiptID: UUID) async throws -> [LineItem]
}

/// A receipt's processing history.
public protocol ProcessingLogRepository: Sendable {
    func list(receiptID: UUID) async throws -> [ProcessingLog]
}

/// Custom categories a receipt may use.
public protocol CategoryRepository: Sendable {
    func list(userID: UUID, teamID: UUID?) async throws -> [CustomCategory]
    func isUsable(id: UUID, userID: UUID) async throws -> Bool
}

extension ReceiptStore: ReceiptRepository {}
extension LineItemStore: LineItemRepository {}
extension ProcessingLogStore: ProcessingLogRepository {}
extension CategoryStore: CategoryRepository {}
