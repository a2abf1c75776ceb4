import Foundation
import Metrics

import Synchronization

/// Whether Postgres answers, checked at most once a second (health endpoints are polled often).
///
/// A check's `SELECT 1` is never cancelled: cancelling a query in flight makes postgres-nio close the connection,
/// and closing one mid-query can trap inside postgres-nio (seen: "Invalid query state machine action in state:
/// .closing"). So the query runs in a task of its own and a caller waits for it at most two seconds.
final class DatabaseProbe: Sendable {
    private let database: any DatabasePing
    private let last = Mutex<(healthy: Bool, at: ContinuousClock.Instant)?>(nil)
    private let inFlight = Mutex<Task<Bool, Never>?>(nil)
    private let outage = Mutex<DatabaseOutageSignal?>(nil)

    init(database: any DatabasePing) {
        self.database = database
    }

    /// Runs `body` (a request in a child task of its own), cancelling it when a check finds the database down
    /// meanwhile (checks run every half second while requests run). Returns its result and whether an outage
    /// cancelled it.
    func cancellingOnOutage<T>(_ body: () async throws -> T) async -> (result: Result<T, any Error>, outage: Bool) {
        let signal = outage.withLock { signal in
            if let signal { return signal }
            let created = DatabaseOutageSignal { [weak self] in self?.checkIfStale() }
            signal = created
            return created
        }
        return await signal.run(body)
    }

    private func checkIfStale() {
        if last.withLock({ $0.map { ContinuousClock.now - $0.at >= .seconds(1) } ?? true }) { _ = startCheck() }
    }

    /// The last result when it is under a second old; while the database is known to be down, false at once
    /// (with a re-check in the background), so callers fail fast instead of each waiting out a check.
    func isHealthy() async -> Bool {
        if let last = last.withLock({ $0 }) {
            if ContinuousClock.now - last.at < .seconds(1) { return last.healthy }
            if !last.healthy {
                _ = startCheck()
                return false
            }
        }
        return await withinTwoSeconds(startCheck())
    }

    /// The check in flight, or a new one; it records its result when done.
    private func startCheck() -> Task<Bool, Never> {
        inFlight.withLock { current in
            if let current { return current }
            let task = Task { await self.runCheck() }
            current = task
            return task
        }
    }

    private func runCheck() async -> Bool {
        let healthy = (try? await database.ping()) != nil
        if !healthy { Counter(label: "mataresit_database_errors_total", dimensions: [("source", "probe")]).increment() }
        last.withLock { $0 = (healthy, .now) }
        inFlight.withLock { $0 = nil }
        if !healthy { outage.withLock { $0 }?.fire() }
        return healthy
    }

    /// The check's answer, or false after two seconds (the check itself goes on).
    private func withinTwoSeconds(_ check: Task<Bool, Never>) async -> Bool {
        let answer = FirstAnswer()
        return await withCheckedContinuation { continuation in
            answer.set(continuation)
            Task { answer.give(await check.value) }
            Task {
                try? await Task.sleep(for: .seconds(2))
                answer.give(false)
            }
        }
    }
}

/// Resumes a continuation with the first answer given; later ones are ignored.
private final class FirstAnswer: Sendable {
    private let continuation = Mutex<CheckedContinuation<Bool, Never>?>(nil)

    func set(_ waiting: CheckedContinuation<Bool, Never>) {
        continuation.withLock { $0 = waiting }
    }

    func give(_ value: Bool) {
        continuation.withLock { waiting in
            waiting?.resume(returning: value)
            waiting = nil
        }
    }
}
