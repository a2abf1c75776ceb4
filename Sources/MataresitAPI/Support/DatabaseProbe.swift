import Foundation
import Metrics
import PostgresNIO
import Synchronization

/// Whether Postgres answers, checked at most once a second (health endpoints are polled often).
final class DatabaseProbe: Sendable {
    private let client: PostgresClient
    private let last = Mutex<(healthy: Bool, at: ContinuousClock.Instant)?>(nil)

    init(client: PostgresClient) {
        self.client = client
    }

    func isHealthy() async -> Bool {
        if let last = last.withLock({ $0 }), ContinuousClock.now - last.at < .seconds(1) { return last.healthy }
        let healthy = await check()
        if !healthy { Counter(label: "mataresit_database_errors_total", dimensions: [("source", "probe")]).increment() }
        last.withLock { $0 = (healthy, .now) }
        return healthy
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
