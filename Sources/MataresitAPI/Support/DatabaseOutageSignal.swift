import Foundation
import Synchronization

/// Wakes the requests waiting on the database when a probe finds it down. While anyone waits, one monitor task
/// (not one timer per request: that cost ~3% of the API's CPU) asks for a check every `interval`.
final class DatabaseOutageSignal: Sendable {
    private struct State {
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
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

    /// Returns when the database is found down, or at once when the task is cancelled.
    func waitForOutage() async {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // nil: already cancelled (the cancellation handler found nothing to resume); else whether to
                // start the monitor.
                let registered = state.withLock { state -> Bool? in
                    if Task.isCancelled { return nil }
                    state.waiters[id] = continuation
                    defer { state.monitoring = true }
                    return !state.monitoring
                }
                guard let startMonitor = registered else { return continuation.resume() }
                if startMonitor { Task { await self.monitor() } }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Wakes every waiter (the database was found down).
    func fire() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for continuation in woken { continuation.resume() }
    }

    private func monitor() async {
        while true {
            try? await Task.sleep(for: interval)
            let anyoneWaiting = state.withLock { state -> Bool in
                if state.waiters.isEmpty { state.monitoring = false }
                return !state.waiters.isEmpty
            }
            guard anyoneWaiting else { return }
            check()
        }
    }
}
