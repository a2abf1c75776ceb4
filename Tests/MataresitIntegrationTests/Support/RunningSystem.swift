import Foundation
import Logging
import MataresitAPI
import MataresitCore
import MataresitRuntime
import MataresitStreams
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

enum RunningSystemError: Error { case stoppedBeforeListening }

/// A whole Mataresit process (API on a free port plus stages) over a test database and an embedded cluster.
struct RunningSystem {
    let baseURL: String

    static let encryptionSecret = String(repeating: "test-secret-", count: 3)

    /// `trustedProxies` (`TRUSTED_PROXIES`): a test that plays a proxy in front of the API lists 127.0.0.1.
    /// `rateLimits`: roomy by default, so that tests of other things are not refused by the tiers' bursts (5, 20
    /// and 100 at once); tests of the limits pass `.defaults`.
    static func with<T>(
        database: TestDatabase, cluster: TestCluster, stages: [String] = ["requests"], trustedProxies: [String] = [],
        rateLimits: RateLimitPolicy = roomyLimits,
        configure: (inout MataresitSystem.Roles) -> Void = { _ in },
        _ body: (RunningSystem) async throws -> T
    ) async throws -> T {
        let system = MataresitSystem(
            database: database.configuration, kafka: cluster.configuration, pipeline: cluster.pipeline,
            keyWrapper: try KeyWrapper(secret: encryptionSecret), instanceName: "test-\(UUID().uuidString.prefix(8))",
            logger: Logger(label: "test-system"))
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        var roles = MataresitSystem.Roles(
            api: APIConfiguration(host: "127.0.0.1", port: 0), stages: stages,
            onAPIRunning: { port in portContinuation.yield(port) })
        roles.api?.clientAddresses = ClientAddressPolicy(trustedProxies: trustedProxies.compactMap(IPRange.init))
        roles.api?.securityEventWindow = .seconds(1)  // security-event rows within a second, not a minute
        roles.api?.rateLimitPolicy = rateLimits
        let defaultSpool = NSTemporaryDirectory() + "mataresit-spool-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: defaultSpool) }  // after the system stopped
        roles.spoolDirectory = defaultSpool
        configure(&roles)
        let configured = roles
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // A system that fails before its API listens must fail the test, not leave it waiting for a port.
                defer { portContinuation.finish() }
                try await system.run(configured, gracefulShutdownSignals: [])
            }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.next()
                throw RunningSystemError.stoppedBeforeListening
            }
            return try await body(RunningSystem(baseURL: "http://127.0.0.1:\(port)"))
        }
    }

    /// Every tier's windows a hundred times larger, with half of each as the burst: the tiers stay apart in the
    /// headers, and no test of something else runs into them.
    static let roomyLimits = RateLimitPolicy(
        windows: RateLimitPolicy.defaults.windows.mapValues { windows in
            windows.map {
                RateLimitPolicy.Window(name: $0.name, seconds: $0.seconds, limit: $0.limit * 100, burst: $0.limit * 50)
            }
        })

    /// Sends one request and returns the status, headers and body parsed as JSON (nil when not JSON).
    func request(
        _ method: String, _ path: String, key: String? = nil, headers: [String: String] = [:], body: Data? = nil
    ) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.httpBody = body
        if let key { request.setValue(key, forHTTPHeaderField: "X-API-Key") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return HTTPResult(
            status: http.statusCode, headers: http.allHeaderFields as? [String: String] ?? [:],
            json: try? JSONSerialization.jsonObject(with: data) as? [String: Any], raw: data)
    }
}

struct HTTPResult: @unchecked Sendable {
    let status: Int
    let headers: [String: String]
    let json: [String: Any]?
    let raw: Data

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    /// `data` of a success envelope.
    var data: [String: Any]? { json?["data"] as? [String: Any] }
}
