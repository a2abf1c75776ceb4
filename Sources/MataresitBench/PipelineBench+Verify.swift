import Foundation
import MataresitRuntime
import Logging
import MataresitCore
import MataresitStore

extension PipelineBench {
    /// Per stage: what its projections' tables hold against what was sent ("ok: ..." or "LOST: ..."), from the
    /// database; one clause per hosted projection.
    func verify(_ events: [EventEnvelope], stages: [StageSpec], tracker: CommitTracker) async throws -> [String: String]
    {
        let keyed = events.filter { event in
            if case .apiRequest(let request) = event.payload { return request.apiKeyID != nil }
            return false
        }.count
        let totals = ProjectionTotals(client: database.client, logger: logger)
        var outcome: [String: String] = [:]
        for stage in stages {
            var clauses: [String] = []
            for kind in stage.projections {
                let (found, expected, what): (Int64, Int, String)
                switch kind {
                case .accessLog:
                    (found, expected, what) = (
                        try await totals.accessLogRows(), events.count, "rows in api_access_logs"
                    )
                case .usageSummary:
                    (found, expected, what) = (
                        try await totals.usageRequests(), keyed, "requests in api_key_usage (keyed)"
                    )
                case .rateLimitStats:
                    (found, expected, what) = (
                        try await totals.hourlyRequests(), events.count, "requests in rate_limit_hourly_total"
                    )
                default:
                    (found, expected, what) = (
                        try await totals.committedOffsets(stage: stage.name), events.count, "committed offsets"
                    )
                }
                clauses.append(
                    found == Int64(expected) ? "ok: \(found) \(what)" : "LOST: \(found) \(what), expected \(expected)")
            }
            outcome[stage.name] = clauses.joined(separator: "; ")
        }
        return outcome
    }

    func result(
        _ measured: Measured, events: [EventEnvelope], stages: [StageSpec], generationSeconds: Double,
        baseline: BaselineResult?, verification: [String: String]
    ) -> PipelineBenchResult {
        let elapsed = Double(measured.endMicros - measured.startMicros) / 1e6
        let stageResults = stages.map { stage in
            let last = measured.tracker.lastCommitMicros(stage.name) ?? measured.endMicros
            return PipelineBenchResult.Stage(
                name: stage.name,
                eventsPerSecond: Double(events.count) / max(Double(last - measured.startMicros) / 1e6, 0.001),
                committed: measured.tracker.committed(stage.name),
                latency: measured.tracker.latencySummary(stage.name),
                verification: verification[stage.name] ?? "not verified")
        }
        #if DEBUG
            let build = "debug"
        #else
            let build = "release"
        #endif
        return PipelineBenchResult(
            build: build, events: events.count, keys: options.keys, partitions: Int(kafka.partitions),
            workers: options.workers, batchSize: stages.first?.batch.maxEvents ?? 0, broker: kafka.description,
            generationSeconds: generationSeconds, produceSeconds: measured.produceSeconds, elapsedSeconds: elapsed,
            eventsPerSecond: Double(events.count) / max(elapsed, 0.001),
            latency: measured.tracker.latencySummary(nil), peakLag: measured.peakLag, stages: stageResults,
            processCPUSeconds: measured.after.cpuSeconds - measured.before.cpuSeconds,
            machineUtilisation: measured.after.machineUtilisation(since: measured.before),
            peakResidentMiB: measured.after.peakResidentMiB, baseline: baseline,
            errors: stageResults.filter { $0.verification.contains("LOST") || !$0.verification.hasPrefix("ok") }.map {
                "\($0.name): \($0.verification)"
            },
            samples: measured.samples)
    }
}
