import Foundation
import MataresitCore
import MataresitStore
@_spi(Testing) import MataresitStreams
import Testing

/// How the request projections are laid out in stages: the shipped pipeline's one stage (the access log is the
/// aggregates' duplicate filter), or one stage each (the aggregates keep event ledgers).
enum RequestStageLayout: String, CaseIterable, Sendable {
    case shared, separate

    func pipeline(batch: Int) throws -> PipelineSpec {
        let spec = try TestPipeline.withSmallBatches(batch)
        return self == .shared ? spec : try TestPipeline.separateStages(spec)
    }

    /// Rows the event ledgers hold once `events` distinct events went through both aggregates.
    func ledgerRows(events: Int) -> Int { self == .shared ? 0 : 2 * events }
}

@Suite("usage-summary and rate-limit-stats equal the seed's views over api_access_logs")
struct UsageOracleTests {
    @Test(
        "a realistic mix with late events and duplicates: every projection row equals its oracle",
        arguments: RequestStageLayout.allCases)
    func projectionsEqualOracles(layout: RequestStageLayout) async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster(pipeline: try layout.pipeline(batch: 500))
            let stages = AggregateStages(database: database, cluster: cluster)
            let mix = try await UsageEventMix.make(count: 3_000, duplicateCount: 250, in: database)
            try await EventFactory.produce(mix.produced, to: cluster)

            let runners = try stages.runners(owner: "worker")
            let produced = mix.produced.count
            let error = try await stages.run(runners) { try await stages.allCommitted(produced) }
            #expect(error == nil)
            #expect(try await stages.allCommitted(produced), "every stage consumed every message")

            let oracle = UsageOracle(database: database)
            let problems = try await oracle.allMismatches(expectedKeys: mix.keys.count + 1)
            #expect(problems.isEmpty, "\(problems.prefix(20))")

            // Duplicates never double-count: the totals are those of the distinct events.
            let keyed = mix.events.filter { event in
                if case .apiRequest(let request) = event.payload { return request.apiKeyID != nil }
                return false
            }
            #expect(try await database.scalar("SELECT sum(total_requests)::bigint FROM api_key_usage") == keyed.count)
            #expect(
                try await database.scalar("SELECT sum(total_requests)::bigint FROM rate_limit_hourly_total") == 3_000)
            #expect(
                try await database.scalar("SELECT count(*) FROM stage_applied_events")
                    == layout.ledgerRows(events: 3_000))

            // Late events land in the hour they happened, also outside the view's 24 h window: every hour of the
            // projection holds exactly the distinct events the test sent for it.
            var sent: [Int64: Int] = [:]
            for event in mix.events { sent[UTCTime.hourStart(micros: event.occurredAtMicros), default: 0] += 1 }
            let rows = try await database.client.query(
                "SELECT (extract(epoch FROM hour) * 1000000)::bigint, total_requests FROM rate_limit_hourly_total",
                logger: database.logger)
            var stored: [Int64: Int] = [:]
            for try await (hour, total) in rows.decode((Int64, Int).self) { stored[hour] = total }
            #expect(stored == sent)
            let oldest = try #require(sent.keys.min())
            #expect(
                oldest <= Date().microsecondsSince1970 - 49 * UTCTime.microsPerHour, "the 50 h old events have an hour")
        }
    }

    @Test("aggregate stages dying between writing and committing, then restarted, still equal the oracles")
    func crashBetweenWriteAndCommit() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster(pipeline: try RequestStageLayout.separate.pipeline(batch: 100))
            let stages = AggregateStages(database: database, cluster: cluster)
            let mix = try await UsageEventMix.make(count: 1_500, duplicateCount: 120, in: database)
            try await EventFactory.produce(mix.produced, to: cluster)
            let produced = mix.produced.count

            for name in ["usage-summary", "rate-limit-stats"] {
                let crashing = try stages.runner(
                    name, owner: "doomed", faults: StageFaults { batch in if batch >= 3 { throw InjectedCrash() } })
                let failure = try await stages.run([crashing]) { false }
                #expect(failure is InjectedCrash, "the injected crash stops \(name)")
                let committed = try await stages.committed(name)
                #expect(committed > 0 && committed < produced, "\(name): some batches committed before the crash")
                let ledger = try await database.scalar(
                    "SELECT count(*) FROM stage_applied_events WHERE stage = \(name)")
                #expect(ledger <= committed, "\(name): the crashed batch rolled back with its offsets")
            }

            let runners = try stages.runners(owner: "restarted")
            let error = try await stages.run(runners) { try await stages.allCommitted(produced) }
            #expect(error == nil)
            let problems = try await UsageOracle(database: database).allMismatches(expectedKeys: mix.keys.count + 1)
            #expect(problems.isEmpty, "\(problems.prefix(20))")
            #expect(
                try await database.scalar("SELECT sum(total_requests)::bigint FROM rate_limit_hourly_total") == 1_500)
        }
    }

    @Test("the shared stage dying between writing and committing, then restarted: access log and aggregates agree")
    func sharedStageCrash() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster(pipeline: try RequestStageLayout.shared.pipeline(batch: 100))
            let stages = AggregateStages(database: database, cluster: cluster)
            let mix = try await UsageEventMix.make(count: 1_500, duplicateCount: 120, in: database)
            try await EventFactory.produce(mix.produced, to: cluster)
            let produced = mix.produced.count
            let name = try #require(stages.names.first)

            let crashing = try stages.runner(
                name, owner: "doomed",
                faults: StageFaults(beforeCommit: { batch in if batch >= 3 { throw InjectedCrash() } }))
            #expect(try await stages.run([crashing]) { false } is InjectedCrash)
            let committed = try await stages.committed(name)
            #expect(committed > 0 && committed < produced, "some batches committed before the crash")
            let rows = try await database.scalar("SELECT count(*) FROM api_access_logs")
            let counted = try await database.scalar(
                "SELECT COALESCE(sum(total_requests), 0)::bigint FROM rate_limit_hourly_total")
            #expect(
                rows == counted && rows <= committed, "the crashed batch rolled back rows, totals and offsets together")

            let error = try await stages.run(try stages.runners(owner: "restarted")) {
                try await stages.allCommitted(produced)
            }
            #expect(error == nil)
            let problems = try await UsageOracle(database: database).allMismatches(expectedKeys: mix.keys.count + 1)
            #expect(problems.isEmpty, "\(problems.prefix(20))")
            #expect(
                try await database.scalar("SELECT sum(total_requests)::bigint FROM rate_limit_hourly_total") == 1_500)
            #expect(
                try await database.scalar("SELECT count(*) FROM stage_applied_events") == 0,
                "no ledger in the shared stage")
        }
    }
}
