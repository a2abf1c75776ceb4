import Foundation
import MataresitRuntime
import Logging
import MataresitAPI
import MataresitCore
import MataresitStore
import Synchronization

/// What to run in `mataresit bench api`.
public struct APIBenchOptions: Sendable {
    public var seconds = 5
    public var connections = 50
    public var threads = 2
    public var receipts = 50
    public var warmupSeconds = 2
    /// Interleaved rounds of every route; figures are medians.
    public var rounds = 3

    public init() {}
}

/// `mataresit bench api`: two instances of the real API in process (the production wiring of `MataresitSystem`:
/// key check, rate limits raised for the bench key, response cache, metrics, an embedded broker), one emitting
/// events and one not (and without a response cache, so its receipt pages come from Postgres every time), with the
/// bench-only bare route on both; `wrk` drives each route in turn on loopback.
public struct APIBench: Sendable {
    let options: APIBenchOptions
    let pipeline: PipelineSpec
    let database: BenchDatabase
    let logger: Logger
    let progress: @Sendable (String) -> Void

    public init(
        options: APIBenchOptions, pipeline: PipelineSpec, database: BenchDatabase, logger: Logger,
        progress: @escaping @Sendable (String) -> Void
    ) {
        self.options = options
        self.pipeline = pipeline
        self.database = database
        self.logger = logger
        self.progress = progress
    }

    public func run() async throws -> APIBenchResult {
        let wrk = WrkRunner(
            executable: try WrkRunner.locate(), seconds: options.seconds, connections: options.connections,
            threads: options.threads)
        let secret = try await seedTenant()
        let kafka = try await KafkaEndpoint.resolve(
            kafka: KafkaSettings(), pipeline: pipeline, clientID: "mataresit-bench-api", logger: logger)
        let ports = BenchPorts()
        let keyWrapper = try KeyWrapper(secret: PipelineBench.randomSecret())
        // The servers log their cancellation at the end as errors; what matters is judged from the HTTP answers.
        var quiet = logger
        quiet.logLevel = .critical
        let result = try await withThrowingTaskGroup(of: Void.self) { group in
            for emitting in [true, false] {
                let system = MataresitSystem(
                    database: database.configuration, kafka: kafka.configuration, pipeline: pipeline,
                    keyWrapper: keyWrapper, instanceName: "bench-api-\(emitting ? "on" : "off")", logger: quiet)
                let roles = self.roles(emitting: emitting, ports: ports)
                group.addTask { try await system.run(roles, gracefulShutdownSignals: []) }
            }
            defer { group.cancelAll() }
            let (on, off) = try await ports.wait()
            return try await measure(wrk: wrk, on: on, off: off, keys: (secret.on.value, secret.off.value))
        }
        withExtendedLifetime(kafka) {}
        return result
    }

    func roles(emitting: Bool, ports: BenchPorts) -> MataresitSystem.Roles {
        var api = APIConfiguration(host: "127.0.0.1", port: 0, rateLimitPolicy: Self.raisedLimits)
        api.emitsRequestEvents = emitting
        if !emitting { api.cache = ResponseCachePolicy(maxEntries: 0) }
        api.benchBareRoute = true
        var roles = MataresitSystem.Roles(
            api: api, stages: [], onAPIRunning: { port in ports.set(port, emitting: emitting) })
        roles.spoolDirectory = NSTemporaryDirectory() + "/mataresit-bench-spool-\(getpid())-\(emitting ? "on" : "off")"
        return roles
    }

    /// Every tier's windows at a billion requests: the limiter still runs (and leases from Postgres), never refuses.
    static var raisedLimits: RateLimitPolicy {
        var policy = RateLimitPolicy.defaults
        for tier in Tier.allCases {
            policy.windows[tier] = policy.windows(for: tier).map { window in
                var raised = window
                raised.limit = 1_000_000_000
                raised.burst = 500_000_000
                return raised
            }
        }
        return policy
    }

    /// A max-tier user with two keys (every scope but admin), one per instance, and some receipts to list.
    /// One key each, because concurrent first requests make an instance lease a whole window's tokens at once
    /// (see the report of issue 7), which would leave none to the other instance.
    func seedTenant() async throws -> (on: APIKeySecret, off: APIKeySecret) {
        let user = try await UserStore(client: database.client, logger: logger)
            .createOrFind(email: "bench@mataresit.local", firstName: "Bench", lastName: "User", tier: .max)
        let secrets = (on: APIKeySecret.generate(mode: .test), off: APIKeySecret.generate(mode: .test))
        for (name, secret) in [("bench key (events on)", secrets.on), ("bench key (events off)", secrets.off)] {
            try await APIKeyStore(client: database.client, logger: logger)
                .create(secret: secret, userID: user.id, name: name, scopes: Scope.allButAdmin)
        }
        let receipts = ReceiptStore(client: database.client, logger: logger)
        for index in 0..<options.receipts {
            _ = try await receipts.create(
                NewReceipt(
                    merchant: ["Tesco", "Lidl", "Shell", "Starbucks", "IKEA"][index % 5],
                    date: String(format: "2026-11-%02d", index % 28 + 1), total: Decimal(10 + index),
                    category: ["Groceries", "Fuel", "Dining", "Office"][index % 4]),
                userID: user.id)
        }
        return secrets
    }
}

/// The ports of the two API instances, once they listen.
final class BenchPorts: Sendable {
    private let ports = Mutex<(on: Int?, off: Int?)>((nil, nil))

    func set(_ port: Int, emitting: Bool) {
        ports.withLock { if emitting { $0.on = port } else { $0.off = port } }
    }

    func wait() async throws -> (on: Int, off: Int) {
        for _ in 0..<600 {
            if case let (on?, off?) = ports.withLock({ $0 }) { return (on, off) }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError.timedOut("the API instances did not listen within 60 s")
    }
}
