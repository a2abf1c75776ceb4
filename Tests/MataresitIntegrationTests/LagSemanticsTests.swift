import Foundation
import Testing

/// Lag means the age of the oldest event a stage has not applied yet: after a quiet spell, one new event is a
/// moment old, not as old as the spell (it used to read as the time since the previous event).
@Suite("Lag is the age of the oldest unapplied event")
struct LagSemanticsTests {
    @Test("after 4 quiet seconds, one pending event shows as about its own age, and 0 once applied")
    func oneEventAfterQuiet() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            let cluster = try TestCluster()
            // A stage applies a first request and commits its position, then stops.
            try await RunningSystem.with(database: database, cluster: cluster, stages: ["requests"]) { system in
                _ = try await system.request("GET", "/api/v1/health", key: tenant.key.value)
                #expect(try await eventually { try await database.scalar("SELECT count(*) FROM api_access_logs") == 1 })
            }
            try await Task.sleep(for: .seconds(4))
            // Without the stage, the next request stays pending: its lag is its own age.
            try await RunningSystem.with(database: database, cluster: cluster, stages: []) { system in
                let sent = Date()
                _ = try await system.request("GET", "/api/v1/health", key: tenant.key.value)
                let pending = try await eventually(timeout: .seconds(10)) {
                    try await Self.accessLogLag(system).messages > 0
                }
                #expect(pending, "the health report sees the unapplied event")
                let lag = try await Self.accessLogLag(system)
                #expect(
                    lag.seconds <= Date().timeIntervalSince(sent) + 0.5,
                    "\(lag.seconds) s for an event \(Date().timeIntervalSince(sent)) s old")
            }
            // With the stage back, it applies the event and the lag is 0.
            let caughtUp = try await RunningSystem.with(database: database, cluster: cluster, stages: ["requests"]) {
                system in
                try await Self.caughtUp(system, database: database)
            }
            #expect(caughtUp, "once applied, the lag is 0")
        }
    }

    static func caughtUp(_ system: RunningSystem, database: TestDatabase) async throws -> Bool {
        try await eventually(timeout: .seconds(20)) {
            let applied = try await database.scalar("SELECT count(*) FROM api_access_logs") >= 2
            let lag = try await Self.accessLogLag(system)
            return applied && lag.messages == 0 && lag.seconds == 0
        }
    }

    /// The access-log stage's lag from the authenticated-free health probe's `lag` list.
    static func accessLogLag(_ system: RunningSystem) async throws -> (messages: Int, seconds: Double) {
        let tenantless = try await system.request("GET", "/readyz")
        let lag = (tenantless.json?["lag"] as? [[String: Any]] ?? []).first { $0["stage"] as? String == "requests" }
        return ((lag?["messages"] as? Int) ?? 0, (lag?["seconds"] as? Double) ?? 0)
    }
}
