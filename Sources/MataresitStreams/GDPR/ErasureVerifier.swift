import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import PostgresNIO

/// `mataresit gdpr verify`: proves that nothing readable of a user remains in the projections, the retained
/// Kafka log and the archive. Sealed values of the user's subject may remain anywhere, but only unopenable:
/// the check tries to open each with whatever key the store still has for the subject.
public struct ErasureVerifier: Sendable {
    public struct Report: Sendable {
        public var projections: ProjectionResidueScan.Report
        public var keyDestroyed: Bool
        public var log: Source?
        public var archive: Source?

        public struct Source: Sendable {
            public var name: String
            public var eventsScanned: Int
            public var sealedValuesOfSubject: Int
            public var findings: [String]
        }

        public var isClean: Bool {
            projections.findings.isEmpty && keyDestroyed && (log?.findings.isEmpty ?? true)
                && (archive?.findings.isEmpty ?? true)
        }

        /// Human-readable lines: what was scanned and every finding (never values).
        public var lines: [String] {
            var lines = [
                "projections: \(projections.findings.isEmpty ? "clean" : "\(projections.findings.count) finding(s)")"
                    + " (erasure recorded: \(projections.erasureRecorded ? "yes" : "no"),"
                    + " access-log rows kept without personal columns: \(projections.anonymisedAccessLogRows))"
            ]
            lines += projections.findings.map { "  \($0.place): \($0.rows) row(s) remain" }
            lines.append("data key: \(keyDestroyed ? projections.dataKey : "STILL PRESENT")")
            for source in [log, archive].compactMap({ $0 }) {
                lines.append(
                    "\(source.name): \(source.eventsScanned) events scanned, \(source.sealedValuesOfSubject) sealed "
                        + "value(s) of the user, \(source.findings.isEmpty ? "none openable, no plaintext" : "\(source.findings.count) finding(s)")"
                )
                lines += source.findings.map { "  \($0)" }
            }
            if log == nil { lines.append("kafka: not scanned (no brokers given)") }
            if archive == nil { lines.append("archive: not scanned (no archive configured or folder absent)") }
            lines.append(isClean ? "VERIFIED: nothing readable remains" : "NOT CLEAN")
            return lines
        }
    }

    let client: PostgresClient
    let keyWrapper: KeyWrapper
    let kafka: KafkaConfiguration?
    let topics: [String]
    let archive: (any ArchiveStorage)?
    let logger: Logger

    public init(
        client: PostgresClient, keyWrapper: KeyWrapper, kafka: KafkaConfiguration?, topics: [String],
        archive: (any ArchiveStorage)?, logger: Logger
    ) {
        self.client = client
        self.keyWrapper = keyWrapper
        self.kafka = kafka
        self.topics = topics
        self.archive = archive
        self.logger = logger
    }

    public func verify(userID: UUID, probes: [String]) async throws -> Report {
        let projections = try await ProjectionResidueScan(client: client, logger: logger).scan(
            userID: userID, probes: probes)
        let check = EventResidueCheck(userID: userID, probes: probes)
        let key = try await SubjectKeyStore(client: client, wrapper: keyWrapper, logger: logger)
            .existingKey(for: check.subject)
        var report = Report(projections: projections, keyDestroyed: key == nil)
        if let kafka {
            let tally = ResidueTally(source: "kafka", check: check, key: key)
            try await KafkaLogScan(kafka: kafka, topics: topics, logger: logger).scan(into: tally)
            report.log = Self.source(tally)
        }
        if let archive {
            let tally = ResidueTally(source: "archive", check: check, key: key)
            await ArchiveScan(storage: archive).scan(into: tally)
            report.archive = Self.source(tally)
        }
        return report
    }

    static func source(_ tally: ResidueTally) -> Report.Source {
        var findings = tally.findings
        if tally.unlistedFindings > 0 { findings.append("... and \(tally.unlistedFindings) more") }
        return Report.Source(
            name: tally.source, eventsScanned: tally.eventsScanned, sealedValuesOfSubject: tally.sealedValuesOfSubject,
            findings: findings)
    }
}
