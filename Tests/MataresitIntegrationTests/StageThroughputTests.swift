import Foundation
import MataresitCore
import Testing

/// Measures events/s of the request projections each in a stage of its own, the three separate stages together,
/// and the shipped stage hosting all three.
/// Only runs with `MATARESIT_STAGE_THROUGHPUT=<events>` set; prints figures, asserts only completeness
/// (timings are for orientation, never thresholds).
@Suite("Stage throughput (opt-in)")
struct StageThroughputTests {
    static let events = ProcessInfo.processInfo.environment["MATARESIT_STAGE_THROUGHPUT"].flatMap { Int($0) }

    @Test("events/s per stage alone and together", .enabled(if: events != nil))
    func throughput() async throws {
        let count = try #require(Self.events)
        let keys = (0..<200).map { _ in UUID() }
        let events = EventFactory.requestEvents(count: count, keys: keys)
        let separate = try TestPipeline.separateStages(), shipped = try TestPipeline.load()
        let runs =
            [
                ["access-log"], ["usage-summary"], ["rate-limit-stats"],
                ["access-log", "usage-summary", "rate-limit-stats"]
            ]
            .map { (separate, $0) } + [(shipped, ["requests"])]
        for (pipeline, stages) in runs {
            try await TestDatabase.with { database in
                let cluster = try TestCluster(pipeline: pipeline)
                try await EventFactory.produce(events, to: cluster)
                let harness = AggregateStages(database: database, cluster: cluster)
                let runners = try stages.map { try harness.runner($0, owner: "bench") }
                let clock = ContinuousClock()
                let progress = ThroughputProgress()
                let error = try await harness.run(runners) {
                    var least = Int.max
                    for stage in stages { least = min(least, try await harness.committed(stage)) }
                    await progress.observe(least, at: clock.now)
                    return least >= count
                }
                #expect(error == nil)
                let rate = await progress.eventsPerSecond()
                print("THROUGHPUT \(stages.joined(separator: "+")): \(Int(rate)) events/s over \(count) events")
            }
        }
    }
}

/// From the first commit to the last: events per second (the group join is not counted).
actor ThroughputProgress {
    private var first: (count: Int, at: ContinuousClock.Instant)?
    private var last: (count: Int, at: ContinuousClock.Instant)?

    func observe(_ count: Int, at instant: ContinuousClock.Instant) {
        guard count > 0 else { return }
        if first == nil { first = (count, instant) }
        if last?.count != count { last = (count, instant) }
    }

    func eventsPerSecond() -> Double {
        guard let first, let last, last.at > first.at else { return 0 }
        let seconds =
            Double((last.at - first.at).components.attoseconds) / 1e18 + Double((last.at - first.at).components.seconds)
        return Double(last.count - first.count) / seconds
    }
}
