import Foundation
import Synchronization

/// Cancels the requests running on the database when a probe finds it down. While any run, one monitor task
/// (not a watcher per request: that cost a task and a timer each) asks for a check every `interval`.
final class DatabaseOutageSignal: Sendable {
    /// A running request's task. Only cancelled between its ``DatabaseOutageSignal/register(_:)`` and
    /// ``DatabaseOutageSignal/finish(_:)``, while it is certainly alive (`swift_task_cancel` is thread-safe).
    private struct RunningTask: @unchecked Sendable {
        let task: UnsafeCurrentTask
    }

    private struct State {
        var running: [UInt64: RunningTask] = [:]
        var cancelled: Set<UInt64> = []
        var nextID: UInt64 = 0
        var monitoring = false
    }

    private let state = Mutex(State())
    private let interval: Duration
    private let check: @Sendable () -> Void

    /// `check` starts a probe (without waiting); the probe calls ``fire()`` when it finds the database down.
    init(interval: Duration = .milliseconds(500), check: @escaping @Sendable () -> Void) {
        self.interval = interval
        self.check = check
    }

    /// Runs `body` in the current task (a child task of the caller's, which may be cancelled alone), cancelling it
    /// if the database is found down meanwhile. Returns the body's result and whether that happened.
    func run<T>(_ body: () async throws -> T) async -> (result: Result<T, any Error>, outage: Bool) {
        let id = withUnsafeCurrentTask { task in task.map(register) }
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        return (result, id.map(finish) ?? false)
    }

    /// Cancels every running request (the database was found down).
    func fire() {
        state.withLock { state in
            for (id, running) in state.running {
                running.task.cancel()
                state.cancelled.insert(id)
            }
            state.running.removeAll()
        }
    }

    private func register(_ task: UnsafeCurrentTask) -> UInt64 {
        let (id, startMonitor) = state.withLock { state -> (UInt64, Bool) in
            state.nextID += 1
            state.running[state.nextID] = RunningTask(task: task)
            defer { state.monitoring = true }
            return (state.nextID, !state.monitoring)
        }
        if startMonitor { Task { await self.monitor() } }
        return id
    }

    /// Stops tracking the request; whether an outage cancelled it.
    private func finish(_ id: UInt64) -> Bool {
        state.withLock { state in
            state.running.removeValue(forKey: id)
            return state.cancelled.remove(id) != nil
        }
    }

    private func monitor() async {
        while true {
            try? await Task.sleep(for: interval)
            let anyoneRunning = state.withLock { state -> Bool in
                if state.running.isEmpty { state.monitoring = false }
                return !state.running.isEmpty
            }
            guard anyoneRunning else { return }
            check()
        }
    }
}
