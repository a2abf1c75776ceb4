import Foundation
import MataresitRuntime

/// Everything `mataresit bench pipeline` measured, as written by `--json`.
public struct PipelineBenchResult: Sendable, Codable {
    public struct Stage: Sendable, Codable {
        public var name: String
        /// Events of the run over the time from the first send to this stage's last commit.
        public var eventsPerSecond: Double
        public var committed: Int64
        public var latency: LatencySummary
        /// What the stage's tables hold at the end, checked against what was sent.
        public var verification: String
    }

    /// One reading of the sampler (seconds since the first send).
    public struct Sample: Sendable, Codable {
        public var seconds: Double
        public var sent: Int
        /// Committed by every stage (the slowest one).
        public var committed: Int64
        public var lag: Int64
    }

    public var build: String
    public var events: Int
    public var keys: Int
    public var partitions: Int
    public var workers: Int
    public var batchSize: Int
    public var broker: String
    public var generationSeconds: Double
    /// From the first send to the last send.
    public var produceSeconds: Double
    /// From the first send until every stage committed every event.
    public var elapsedSeconds: Double
    public var eventsPerSecond: Double
    public var latency: LatencySummary
    public var peakLag: Int64
    public var stages: [Stage]
    public var processCPUSeconds: Double
    public var machineUtilisation: Double
    public var peakResidentMiB: Double
    public var baseline: BaselineResult?
    /// Events lost or counted wrongly, stage by stage; empty when the run is sound.
    public var errors: [String]
    public var samples: [Sample]

    /// Pipeline rate over the raw COPY rate of the same rows.
    public var copyRatio: Double? {
        guard let copy = baseline?.copyRowsPerSecond, copy > 0 else { return nil }
        return eventsPerSecond / copy
    }

    /// The human-readable report.
    public var text: String {
        var lines = [
            "bench pipeline (\(build) build, broker: \(broker)): \(events) events, \(keys) keys, \(partitions) partitions, "
                + "\(workers) worker(s) per stage, batch \(batchSize)",
            "  end to end   \(Self.rate(eventsPerSecond)) events/s (\(Self.seconds(elapsedSeconds)) s from first send to last commit)",
            "  latency      p50 \(Self.ms(latency.p50Ms)) ms, p99 \(Self.ms(latency.p99Ms)) ms, max \(Self.ms(latency.maxMs)) ms "
                + "(occurred-at to committed by every stage)",
            "  peak lag     \(peakLag) events (sent - committed by the slowest stage)",
            "  producer     \(Self.seconds(produceSeconds)) s for all sends; generation (not timed) \(Self.seconds(generationSeconds)) s",
            "  cpu          process \(Self.seconds(processCPUSeconds)) s, machine \(Int((machineUtilisation * 100).rounded()))% busy; "
                + "peak RSS \(Int(peakResidentMiB)) MiB"
        ]
        for stage in stages {
            lines.append(
                "  stage \(stage.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(Self.rate(stage.eventsPerSecond)) events/s, "
                    + "p50 \(Self.ms(stage.latency.p50Ms)) ms, p99 \(Self.ms(stage.latency.p99Ms)) ms; \(stage.verification)"
            )
        }
        if let baseline { lines += baseline.lines }
        if let copyRatio { lines.append("  ratio        pipeline / raw COPY = \(String(format: "%.2f", copyRatio))") }
        lines += errors.map { "  ERROR        \($0)" }
        return lines.joined(separator: "\n")
    }

    static func rate(_ value: Double) -> String { String(format: "%9.0f", value) }
    static func seconds(_ value: Double) -> String { String(format: "%.2f", value) }
    static func ms(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// The limits a pipeline run is judged against, measured on the same machine in the same run.
public struct BaselineResult: Sendable, Codable {
    public var rows: Int
    /// COPY (text format, formatting included) of the access-log rows into `api_access_logs`, one stream.
    public var copyRowsPerSecond: Double
    /// Fetching the same events from the broker from the beginning, without decoding (0 when not measured).
    public var consumeEventsPerSecond: Double
    /// Decoding them (`EventCodec.decode`), on one core.
    public var decodeEventsPerSecond: Double

    public var lines: [String] {
        [
            "  baseline     raw COPY \(PipelineBenchResult.rate(copyRowsPerSecond)) rows/s, raw consume "
                + "\(PipelineBenchResult.rate(consumeEventsPerSecond)) events/s, decode "
                + "\(PipelineBenchResult.rate(decodeEventsPerSecond)) events/s (\(rows) rows)"
        ]
    }
}
