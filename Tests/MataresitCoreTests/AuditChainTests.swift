import Foundation
import MataresitCore
import Testing

@Suite("Audit hash chain")
struct AuditChainTests {
    static let base: Int64 = 1_767_225_600_000_000  // 2026-01-01 00:00 UTC

    /// A chain of `count` rows built as the writer builds them.
    static func chain(_ count: Int, name: String = "audit") -> [AuditStoredRow] {
        var rows: [AuditStoredRow] = []
        var previous = AuditHash.genesis
        for index in 0..<count {
            let user = UUID(), salt = AuditHash.makeSalt()
            let entry = AuditEntry(
                eventID: UUID(), eventType: "api_key_created", action: "created", apiKeyID: UUID(), userID: user,
                details: ["key_prefix": "mk_live_\(index)"], occurredAtMicros: base + Int64(index))
            let digest = AuditHash.personalDigest(salt: salt, userID: user, actorUserID: nil, targetID: nil)
            let link = AuditHash.Link(chain: name, seq: Int64(index + 1), entry: entry, personalDigest: digest)
            let hash = AuditHash.rowHash(previous: previous, link: link)
            rows.append(
                AuditStoredRow(
                    id: Int64(index + 1), link: link, prevHash: previous, rowHash: hash, personalSalt: salt,
                    userID: user, actorUserID: nil, targetID: nil))
            previous = hash
        }
        return rows
    }

    static func walk(
        _ rows: [AuditStoredRow], anchorSeq: Int64 = 0, anchorHash: [UInt8] = AuditHash.genesis,
        head: (Int64, [UInt8])? = nil
    ) -> AuditBrokenLink? {
        var walk = AuditChainWalk(chain: "audit", anchorSeq: anchorSeq, anchorHash: anchorHash)
        for row in rows {
            if let broken = walk.check(row) { return broken }
        }
        let head = head ?? (rows.last?.link.seq ?? anchorSeq, rows.last?.rowHash ?? anchorHash)
        return walk.finish(headSeq: head.0, headHash: head.1)
    }

    @Test("an intact chain verifies")
    func intact() {
        #expect(Self.walk(Self.chain(5)) == nil)
    }

    @Test("a changed detail breaks the row's own link")
    func changedRow() throws {
        var rows = Self.chain(5)
        rows[2].link.details["key_prefix"] = "mk_live_forged"
        let broken = try #require(Self.walk(rows))
        #expect(broken.seq == 3)
        #expect(broken.reason.contains("row_hash"))
    }

    @Test("a removed middle row is a sequence gap")
    func removedRow() throws {
        var rows = Self.chain(5)
        rows.remove(at: 1)
        let broken = try #require(Self.walk(rows))
        #expect(broken.seq == 3)
        #expect(broken.expected == "2")
    }

    @Test("two rows swapping places (and seqs) no longer link")
    func reordered() throws {
        var rows = Self.chain(5)
        rows.swapAt(1, 2)
        let seq1 = rows[1].link.seq
        rows[1].link.seq = rows[2].link.seq
        rows[2].link.seq = seq1
        let broken = try #require(Self.walk(rows))
        #expect(broken.seq == 2)
    }

    @Test("a changed personal field is caught by the digest; a pseudonymised row (no salt) still verifies")
    func personalFields() throws {
        var rows = Self.chain(3)
        rows[1].userID = UUID()
        #expect(try #require(Self.walk(rows)).reason.contains("personal"))
        rows[1].personalSalt = nil
        #expect(Self.walk(rows) == nil)
    }

    @Test("rows missing at the end are reported against the head")
    func truncatedTail() throws {
        let rows = Self.chain(4)
        let broken = try #require(Self.walk(Array(rows.prefix(3)), head: (4, rows[3].rowHash)))
        #expect(broken.rowID == nil)
        #expect(broken.reason.contains("missing"))
    }

    @Test("after a prefix is dropped the rest verifies from the anchor, and only from it")
    func anchoredSuffix() {
        let rows = Self.chain(6)
        #expect(Self.walk(Array(rows.dropFirst(2)), anchorSeq: 2, anchorHash: rows[1].rowHash) == nil)
        #expect(Self.walk(Array(rows.dropFirst(3)), anchorSeq: 2, anchorHash: rows[1].rowHash) != nil)
    }

    @Test("hex round-trips and rejects non-hex")
    func hexRoundTrip() {
        let bytes: [UInt8] = [0, 1, 0xab, 0xff]
        #expect(AuditHash.hex(bytes) == "0001abff")
        #expect(AuditHash.bytes(hex: "0001ABff") == bytes)
        #expect(AuditHash.bytes(hex: "0g") == nil)
        #expect(AuditHash.bytes(hex: "abc") == nil)
    }

    @Test("the projection maps each audited payload and ignores requests")
    func projection() throws {
        let key = UUID(), user = UUID()
        let expired = EventEnvelope(
            occurredAtMicros: Self.base, producer: "t",
            payload: .apiKeyLifecycle(.init(apiKeyID: key, userID: user, action: .expired, keyPrefix: "mk_live_abcd")))
        let entry = try #require(AuditProjection.entry(for: expired))
        #expect(entry.eventType == "api_key_expired")
        #expect(entry.apiKeyID == key && entry.userID == user && entry.eventID == expired.id)
        let burst = EventEnvelope(
            occurredAtMicros: Self.base, producer: "t",
            payload: .securityEvent(.init(kind: .failedAuthBurst, method: "GET", route: "/api/v1/receipts", count: 12)))
        let security = try #require(AuditProjection.entry(for: burst))
        #expect(security.eventType == "security_failed_auth_burst")
        #expect(security.details["count"] == "12")
        let admin = EventEnvelope(
            occurredAtMicros: Self.base, producer: "t",
            payload: .adminAction(.init(action: "users.set_tier", targetType: "user", targetID: user.uuidString)))
        #expect(AuditProjection.entry(for: admin)?.targetID == user.uuidString)
    }
}
