import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// What `mataresit audit verify` found in one chain.
public struct AuditChainReport: Sendable, Equatable {
    public var chain: String
    public var rowsChecked: Int
    public var lastSeq: Int64
    public var headHash: String
    /// The first broken link; nil when the chain verifies.
    public var broken: AuditBrokenLink?
}

/// The verification of every chain of the audit log.
public struct AuditVerification: Sendable, Equatable {
    public var chains: [AuditChainReport]
    public var isIntact: Bool { chains.allSatisfy { $0.broken == nil } }
}

/// Walks every audit chain from its anchor to its head, a page of rows at a time, and reports the first broken
/// link of each (see `AuditChainWalk`).
public struct AuditChainVerifier: Sendable {
    let client: PostgresClient
    let logger: Logger
    let pageSize: Int

    public init(client: PostgresClient, logger: Logger, pageSize: Int = 1_000) {
        self.client = client
        self.logger = logger
        self.pageSize = pageSize
    }

    public func verify() async throws -> AuditVerification {
        return try await StoreError.wrapping {
            var reports: [AuditChainReport] = []
            for head in try await heads() { reports.append(try await verify(head)) }
            return AuditVerification(chains: reports)
        }
    }

    struct Head {
        var chain: String
        var lastSeq: Int64
        var lastHash: [UInt8]
        var anchorSeq: Int64
        var anchorHash: [UInt8]
    }

    /// Every chain with a head, plus chains that have rows but lost their head (reported as broken).
    private func heads() async throws -> [Head] {
        let rows = try await client.query(
            """
            SELECT c.chain, COALESCE(h.last_seq, -1), encode(COALESCE(h.last_hash, ''), 'hex'),
                   COALESCE(h.anchor_seq, 0), encode(COALESCE(h.anchor_hash, ''), 'hex')
            FROM (SELECT chain FROM audit_chain_heads UNION SELECT DISTINCT chain FROM audit_logs) c
            LEFT JOIN audit_chain_heads h ON h.chain = c.chain
            ORDER BY c.chain
            """, logger: logger)
        var heads: [Head] = []
        for try await (chain, lastSeq, lastHash, anchorSeq, anchorHash) in rows.decode(
            (String, Int64, String, Int64, String).self)
        {
            heads.append(
                Head(
                    chain: chain, lastSeq: lastSeq, lastHash: AuditHash.bytes(hex: lastHash) ?? [],
                    anchorSeq: anchorSeq, anchorHash: AuditHash.bytes(hex: anchorHash) ?? AuditHash.genesis))
        }
        return heads
    }

    private func verify(_ head: Head) async throws -> AuditChainReport {
        var walk = AuditChainWalk(chain: head.chain, anchorSeq: head.anchorSeq, anchorHash: head.anchorHash)
        var after = Int64.min
        while true {
            let page = try await AuditRowReader.page(
                chain: head.chain, after: after, limit: pageSize, client: client, logger: logger)
            for row in page {
                if let broken = walk.check(row) { return report(head, walk, broken) }
            }
            guard page.count == pageSize, let last = page.last else { break }
            after = last.link.seq
        }
        return report(head, walk, walk.finish(headSeq: head.lastSeq, headHash: head.lastHash))
    }

    private func report(_ head: Head, _ walk: AuditChainWalk, _ broken: AuditBrokenLink?) -> AuditChainReport {
        AuditChainReport(
            chain: head.chain, rowsChecked: walk.rowsChecked, lastSeq: head.lastSeq,
            headHash: AuditHash.hex(head.lastHash), broken: broken)
    }
}
