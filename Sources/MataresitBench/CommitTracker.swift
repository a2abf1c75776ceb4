import Foundation
import MataresitRuntime
import Synchronization

/// Knows when each sent event was committed by each stage. The bench sends to explicit partitions of a fresh
/// topic, so the n-th event sent to a partition has offset n; a stage's committed `next_offset` then says which
/// events it has applied. Latency = sample time - occurred-at, so its resolution is the sampling interval.
final class CommitTracker: Sendable {
    struct State {
        var occurred: [[Int64]]
        var committed: [String: [Int64]]
        var committedByAll: [Int64]
        var latencies: [String: [Int64]]
        var endToEnd: [Int64] = []
        var lastCommit: [String: Int64] = [:]
    }

    let stages: [String]
    private let state: Mutex<State>

    init(stages: [String], partitions: Int, expected: Int) {
        self.stages = stages
        state = Mutex(
            State(
                occurred: Array(repeating: [], count: partitions),
                committed: Dictionary(
                    uniqueKeysWithValues: stages.map { ($0, Array(repeating: 0, count: partitions)) }),
                committedByAll: Array(repeating: 0, count: partitions),
                latencies: Dictionary(uniqueKeysWithValues: stages.map { ($0, []) })))
        state.withLock { $0.endToEnd.reserveCapacity(expected) }
    }

    /// Called by the producer just before it sends to `partition`.
    func sent(partition: Int, occurredAtMicros: Int64) {
        state.withLock { $0.occurred[partition].append(occurredAtMicros) }
    }

    var sentCount: Int { state.withLock { $0.occurred.reduce(0) { $0 + $1.count } } }

    /// Records a reading of `stage_offsets` taken at `micros`: stage -> partition -> next offset.
    func observe(_ offsets: [String: [Int: Int64]], at micros: Int64) {
        state.withLock { state in
            for stage in stages {
                for (partition, next) in offsets[stage] ?? [:] where partition < state.occurred.count {
                    let previous = state.committed[stage]![partition]
                    guard next > previous else { continue }
                    Self.record(
                        state.occurred[partition], from: previous, to: next, at: micros, into: &state.latencies[stage]!)
                    state.committed[stage]![partition] = next
                    state.lastCommit[stage] = micros
                }
            }
            for partition in state.committedByAll.indices {
                let next = stages.map { state.committed[$0]![partition] }.min() ?? 0
                let previous = state.committedByAll[partition]
                guard next > previous else { continue }
                Self.record(state.occurred[partition], from: previous, to: next, at: micros, into: &state.endToEnd)
                state.committedByAll[partition] = next
            }
        }
    }

    private static func record(
        _ occurred: [Int64], from: Int64, to: Int64, at micros: Int64, into latencies: inout [Int64]
    ) {
        let end = min(Int(to), occurred.count)
        guard Int(from) < end else { return }
        for offset in Int(from)..<end { latencies.append(micros - occurred[offset]) }
    }

    /// Events committed by every stage, and by each stage.
    var committedByAll: Int64 { state.withLock { $0.committedByAll.reduce(0, +) } }
    func committed(_ stage: String) -> Int64 { state.withLock { $0.committed[stage]?.reduce(0, +) ?? 0 } }
    func lastCommitMicros(_ stage: String) -> Int64? { state.withLock { $0.lastCommit[stage] } }

    /// Whether every stage has committed everything sent (`sent` events in total).
    func allCommitted(sent: Int) -> Bool {
        state.withLock { state in
            state.committedByAll.enumerated().allSatisfy { $0.element >= Int64(state.occurred[$0.offset].count) }
                && state.occurred.reduce(0) { $0 + $1.count } == sent
        }
    }

    /// p50, p99 and max in milliseconds of a stage's latencies, or of all stages together (`nil`).
    func latencySummary(_ stage: String?) -> LatencySummary {
        state.withLock { state in
            LatencySummary(micros: stage.map { state.latencies[$0] ?? [] } ?? state.endToEnd)
        }
    }
}

/// Percentiles of a set of latencies.
public struct LatencySummary: Sendable, Codable, Equatable {
    public var count: Int
    public var p50Ms: Double
    public var p99Ms: Double
    public var maxMs: Double

    init(micros: [Int64]) {
        let sorted = micros.sorted()
        func at(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
            return Double(sorted[max(0, index)]) / 1000
        }
        count = sorted.count
        p50Ms = at(0.5)
        p99Ms = at(0.99)
        maxMs = Double(sorted.last ?? 0) / 1000
    }
}
