import Foundation
import MataresitRuntime

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension APIBench {
    /// Warms both instances up, then runs every route for the full duration, one after the other.
    func measure(wrk: WrkRunner, on: Int, off: Int, keys: (on: String, off: String)) async throws -> APIBenchResult {
        let plan: [(name: String, port: Int, path: String, key: String?, emitting: Bool)] = [
            ("bare route", on, "/bench/bare", nil, true),
            ("GET /api/v1/health", on, "/api/v1/health", keys.on, true),
            ("GET /api/v1/receipts", on, "/api/v1/receipts", keys.on, true),
            ("GET /api/v1/health, emission off", off, "/api/v1/health", keys.off, false),
            ("GET /api/v1/receipts, no cache", off, "/api/v1/receipts", keys.off, false)
        ]
        if options.warmupSeconds > 0 {
            progress("warming up (\(options.warmupSeconds) s per instance)")
            for (port, key) in [(on, keys.on), (off, keys.off)] {
                _ = try await wrk.run(
                    url: "http://127.0.0.1:\(port)/api/v1/health", apiKey: key, seconds: options.warmupSeconds)
            }
        }
        // Rounds interleave the routes (every other round in reverse order), so drift of the machine over the
        // run (other load, frequency) falls on every route alike; each figure is the median over the rounds.
        var outcomes = [[(WrkRunner.Outcome, String?)]](repeating: [], count: plan.count)
        for round in 0..<options.rounds {
            let order = round % 2 == 0 ? Array(plan.indices) : plan.indices.reversed()
            for index in order {
                let step = plan[index]
                progress(
                    "round \(round + 1)/\(options.rounds), wrk \(options.seconds) s, \(options.connections) connections: \(step.name)"
                )
                let url = "http://127.0.0.1:\(step.port)\(step.path)"
                let before = ProcessUsage.now()
                var outcome = try await wrk.run(url: url, apiKey: step.key)
                outcome.serverCPUMicrosPerRequest =
                    (ProcessUsage.now().cpuSeconds - before.cpuSeconds) * 1_000_000 / Double(max(outcome.requests, 1))
                let probe = outcome.failures > 0 ? await Self.probe(url, apiKey: step.key) : nil
                outcomes[index].append(
                    (outcome, probe.map { "\(outcome.failureDetail); a request after the run: \($0)" }))
            }
        }
        let runs = plan.indices.map { index in
            let step = plan[index], rounds = outcomes[index].map(\.0)
            return APIBenchResult.Run(
                name: step.name, path: step.path, emission: step.emitting,
                requestsPerSecond: median(rounds.map(\.requestsPerSecond)), p50Ms: median(rounds.map(\.p50Ms)),
                p99Ms: median(rounds.map(\.p99Ms)),
                cpuMicrosPerRequest: median(rounds.map(\.serverCPUMicrosPerRequest)),
                requests: rounds.map(\.requests).reduce(0, +),
                failures: rounds.map(\.failures).reduce(0, +), connectErrors: rounds.map(\.connectErrors).reduce(0, +),
                failureSample: outcomes[index].compactMap(\.1).last,
                roundRequestsPerSecond: rounds.map(\.requestsPerSecond),
                roundCPUMicrosPerRequest: rounds.map(\.serverCPUMicrosPerRequest))
        }
        #if DEBUG
            let build = "debug"
        #else
            let build = "release"
        #endif
        return APIBenchResult(
            build: build, seconds: options.seconds, rounds: options.rounds, connections: options.connections,
            threads: options.threads, runs: runs)
    }
}

extension APIBench {
    /// One request, to say what a failing route answers: `HTTP <status> <X-Error-Code>`, or the transport error.
    static func probe(_ url: String, apiKey: String?) async -> String {
        var request = URLRequest(url: URL(string: url)!)
        if let apiKey { request.setValue(apiKey, forHTTPHeaderField: "X-API-Key") }
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            guard let http = response as? HTTPURLResponse else { return "no HTTP response" }
            return "HTTP \(http.statusCode) \(http.value(forHTTPHeaderField: "X-Error-Code") ?? "")"
        } catch {
            return "\(error)"
        }
    }
}

/// Everything `mataresit bench api` measured, as written by `--json`.
public struct APIBenchResult: Sendable, Codable {
    public struct Run: Sendable, Codable {
        public var name: String
        public var path: String
        public var emission: Bool
        public var requestsPerSecond: Double
        public var p50Ms: Double
        public var p99Ms: Double
        /// CPU of this process (the servers; wrk runs apart) per request answered: steadier than req/s, which
        /// also depends on how the cores were shared with wrk.
        public var cpuMicrosPerRequest: Double
        public var requests: Int
        /// Non-2xx/3xx responses and read, write and timeout errors, over all rounds.
        public var failures: Int
        /// Connections wrk could not open (and opened again), over all rounds.
        public var connectErrors: Int
        /// When there were failures: the status and error code of one request sent after the run.
        public var failureSample: String?
        /// Req/s and CPU per request of each round, in round order: the comparisons below pair routes within a
        /// round, where they shared the machine's state.
        public var roundRequestsPerSecond: [Double]
        public var roundCPUMicrosPerRequest: [Double]
    }

    public var build: String
    public var seconds: Int
    public var rounds: Int
    public var connections: Int
    public var threads: Int
    public var runs: [Run]

    var bare: Run? { runs.first { $0.path == "/bench/bare" } }
    var healthOn: Run? { runs.first { $0.path == "/api/v1/health" && $0.emission } }
    var healthOff: Run? { runs.first { $0.path == "/api/v1/health" && !$0.emission } }

    /// Authenticated health over the bare route, req/s: the median of the rounds' ratios, and their range.
    public var healthRatio: Spread? {
        guard let bare, let healthOn else { return nil }
        return Spread(zip(healthOn.roundRequestsPerSecond, bare.roundRequestsPerSecond).map { $0 / max($1, 0.001) })
    }

    /// Req/s lost to event emission, 1 - on/off, per round.
    public var emissionOverhead: Spread? {
        guard let healthOn, let healthOff else { return nil }
        return Spread(
            zip(healthOn.roundRequestsPerSecond, healthOff.roundRequestsPerSecond).map { 1 - $0 / max($1, 0.001) })
    }

    /// Server CPU per request added by event emission, per round, in microseconds.
    public var emissionCost: Spread? {
        guard let healthOn, let healthOff else { return nil }
        return Spread(zip(healthOn.roundCPUMicrosPerRequest, healthOff.roundCPUMicrosPerRequest).map { $0 - $1 })
    }

    /// A figure over the rounds: its median, lowest and highest.
    public struct Spread: Sendable {
        public let median: Double
        public let low: Double
        public let high: Double

        init?(_ values: [Double]) {
            guard let low = values.min(), let high = values.max() else { return nil }
            self.median = MataresitBench.median(values)
            self.low = low
            self.high = high
        }

        func text(_ format: String, scale: Double = 1) -> String {
            String(format: format, median * scale) + " (rounds " + String(format: format, low * scale) + " to "
                + String(format: format, high * scale) + ")"
        }
    }

    /// Runs with errors (a 4xx/5xx or socket error means the figure is not the route's).
    public var errors: [String] {
        runs.filter { $0.failures > 0 }.map {
            "\($0.name): \($0.failures) non-2xx responses or socket errors (\($0.failureSample ?? "-"))"
        }
    }

    public var text: String {
        var lines = [
            "bench api (\(build) build): wrk \(seconds) s per route and round, \(rounds) interleaved rounds (medians), "
                + "\(connections) connections, \(threads) threads, loopback"
        ]
        for run in runs {
            let ratio =
                bare.map { String(format: "%5.2f", run.requestsPerSecond / max($0.requestsPerSecond, 0.001)) }
                ?? "  -  "
            lines.append(
                "  \(run.name.padding(toLength: 34, withPad: " ", startingAt: 0)) "
                    + String(
                        format: "%9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  cpu %6.1f us/req", run.requestsPerSecond,
                        run.p50Ms,
                        run.p99Ms, run.cpuMicrosPerRequest)
                    + "  x bare \(ratio)")
        }
        if let healthRatio { lines.append("  health / bare route      " + healthRatio.text("%.2f")) }
        if let emissionOverhead {
            lines.append(
                "  emission overhead        " + emissionOverhead.text("%.1f%%", scale: 100) + " of health req/s")
        }
        if let emissionCost, let healthOn, let healthOff {
            lines.append(
                "  emission cost            " + emissionCost.text("%.1f") + " us of server CPU per request"
                    + String(
                        format: " (medians %.1f with, %.1f without)", healthOn.cpuMicrosPerRequest,
                        healthOff.cpuMicrosPerRequest))
        }
        for run in runs where run.connectErrors > 0 {
            lines.append(
                "  note   \(run.name): wrk could not open \(run.connectErrors) connections and opened them again")
        }
        lines += errors.map { "  ERROR  \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// The middle value (the mean of the two middle ones for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
