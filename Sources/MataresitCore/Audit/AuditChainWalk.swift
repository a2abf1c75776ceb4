import Foundation

/// A stored audit row as the verifier reads it back.
public struct AuditStoredRow: Sendable, Equatable {
    public var id: Int64
    public var link: AuditHash.Link
    public var prevHash: [UInt8]
    public var rowHash: [UInt8]
    /// Nil once the row was pseudonymised: its personal fields can no longer be checked against the digest.
    public var personalSalt: [UInt8]?
    public var userID: UUID?
    public var actorUserID: UUID?
    public var targetID: String?

    public init(
        id: Int64, link: AuditHash.Link, prevHash: [UInt8], rowHash: [UInt8], personalSalt: [UInt8]?,
        userID: UUID?, actorUserID: UUID?, targetID: String?
    ) {
        self.id = id
        self.link = link
        self.prevHash = prevHash
        self.rowHash = rowHash
        self.personalSalt = personalSalt
        self.userID = userID
        self.actorUserID = actorUserID
        self.targetID = targetID
    }
}

/// The first broken link of a chain: where, why, and the expected and found values (hex or numbers).
public struct AuditBrokenLink: Sendable, Equatable, CustomStringConvertible {
    public var chain: String
    /// Nil when the break is at the chain's end (rows missing after the last one read).
    public var rowID: Int64?
    public var seq: Int64
    public var reason: String
    public var expected: String
    public var found: String

    public var description: String {
        let row = rowID.map { "row id \($0), " } ?? ""
        return "chain \(chain): \(row)seq \(seq): \(reason) (expected \(expected), found \(found))"
    }
}

/// Walks one chain in `seq` order from its anchor (pure): each row must follow the previous one by seq, carry its
/// hash as `prev_hash`, hash to its `row_hash`, and (unless pseudonymised) match its personal digest.
public struct AuditChainWalk: Sendable {
    public let chain: String
    public private(set) var expectedSeq: Int64
    public private(set) var previousHash: [UInt8]
    public private(set) var rowsChecked = 0

    public init(chain: String, anchorSeq: Int64, anchorHash: [UInt8]) {
        self.chain = chain
        expectedSeq = anchorSeq + 1
        previousHash = anchorHash
    }

    /// Checks the next row; returns the break when it does not link.
    public mutating func check(_ row: AuditStoredRow) -> AuditBrokenLink? {
        if let broken = firstFault(of: row) { return broken }
        previousHash = row.rowHash
        expectedSeq += 1
        rowsChecked += 1
        return nil
    }

    /// After the last row: the chain head must name the last row read (else rows are missing at the end).
    public func finish(headSeq: Int64, headHash: [UInt8]) -> AuditBrokenLink? {
        if headSeq != expectedSeq - 1 {
            return broken(nil, headSeq, "rows missing before the chain head", "\(headSeq)", "\(expectedSeq - 1)")
        }
        if headHash != previousHash {
            return broken(
                nil, headSeq, "chain head hash differs from the last row", AuditHash.hex(headHash),
                AuditHash.hex(previousHash))
        }
        return nil
    }

    private func firstFault(of row: AuditStoredRow) -> AuditBrokenLink? {
        let seq = row.link.seq
        if seq != expectedSeq {
            return broken(row.id, seq, "sequence gap or reordering", "\(expectedSeq)", "\(seq)")
        }
        if row.prevHash != previousHash {
            return broken(
                row.id, seq, "prev_hash differs from the previous row's hash", AuditHash.hex(previousHash),
                AuditHash.hex(row.prevHash))
        }
        let recomputed = AuditHash.rowHash(previous: row.prevHash, link: row.link)
        if recomputed != row.rowHash {
            return broken(
                row.id, seq, "row contents do not match row_hash", AuditHash.hex(recomputed), AuditHash.hex(row.rowHash)
            )
        }
        if let salt = row.personalSalt {
            let digest = AuditHash.personalDigest(
                salt: salt, userID: row.userID, actorUserID: row.actorUserID, targetID: row.targetID)
            if digest != row.link.personalDigest {
                return broken(
                    row.id, seq, "personal fields do not match personal_digest", AuditHash.hex(row.link.personalDigest),
                    AuditHash.hex(digest))
            }
        }
        return nil
    }

    private func broken(_ id: Int64?, _ seq: Int64, _ reason: String, _ expected: String, _ found: String)
        -> AuditBrokenLink
    {
        AuditBrokenLink(chain: chain, rowID: id, seq: seq, reason: reason, expected: expected, found: found)
    }
}
