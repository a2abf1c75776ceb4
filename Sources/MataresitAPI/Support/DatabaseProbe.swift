import Foundation
import Metrics
import PostgresNIO
import Synchronization

/// Whether Postgres answers, checked at most once a second (health endpoints are polled often).
final class DatabaseProbe: Sendable {
    private let client: PostgresClient
    private let last = Mutex<(healthy: Bool, at: ContinuousClock.Instant)?>(nil)
    private let recheckRunning = Mutex(false)

    init(client: PostgresClient) {
        self.client = client
    }

    /// While the database is known to be down, answers at once and re-checks in the background (callers fail
    /// fast instead of each waiting out a check).
    func isHealthy() async -> Bool {
        if let last = last.withLock({ $0 }) {
            if ContinuousClock.now - last.at < .seconds(1) { return last.healthy }
            if !last.healthy {
                recheckInBackground()
                return false
            }
        }
        return await checkAndRecord()
    }

    private func checkAndRecord() async -> Bool {
        let healthy = await check()
        if !healthy { Counter(label: "mataresit_database_errors_total", dimensions: [("source", "probe")]).increment() }
        last.withLock { $0 = (healthy, .now) }
        return healthy
    }

    private func recheckInBackground() {
        guard recheckRunning.withLock({ running in defer { running = true }; return !running }) else { return }
        Task {
            _ = await checkAndRecord()
            recheckRunning.withLock { $0 = false }
        }
    }

    private func check() async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { [client] in
                do {
                    try await client.query("SELECT 1")
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(2))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
