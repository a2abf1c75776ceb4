import Foundation
import MataresitRuntime

/// Runs `wrk` (Debian package `wrk`) against one URL and reads its summary. The API key goes in a temporary
/// Lua script (mode 0600, removed afterwards), never on the command line where `ps` would show it.
struct WrkRunner: Sendable {
    struct Outcome: Sendable {
        var requestsPerSecond: Double
        var p50Ms: Double
        var p99Ms: Double
        var requests: Int
        /// Non-2xx/3xx responses plus read, write and timeout errors: a run with any is not a measurement of the
        /// route.
        var failures: Int
        /// Connections wrk could not open (it opens another): reported, but every request was still answered.
        var connectErrors = 0
        /// Filled in by the caller, which knows the server process.
        var serverCPUMicrosPerRequest = 0.0
        /// wrk's own words for them, e.g. `Non-2xx or 3xx responses: 4; Socket errors: connect 0, read 4, ...`.
        var failureDetail = ""
    }

    let executable: String
    let seconds: Int
    let connections: Int
    let threads: Int

    static func locate() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/wrk"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw BenchError.tool("wrk not found: install the Debian package wrk (ops/scripts/install-deps.sh does)")
    }

    /// Runs wrk on a thread of its own (it blocks for the whole duration; the cooperative pool must not).
    func run(url: String, apiKey: String?, seconds: Int? = nil) async throws -> Outcome {
        let script = NSTemporaryDirectory() + "/mataresit-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).lua"
        let headers = apiKey.map { "wrk.headers[\"X-API-Key\"] = \"\($0)\"\n" } ?? ""
        guard
            FileManager.default.createFile(
                atPath: script, contents: Data(headers.utf8), attributes: [.posixPermissions: 0o600])
        else { throw BenchError.tool("cannot write the wrk script in \(NSTemporaryDirectory())") }
        defer { unlink(script) }
        let arguments = [
            "-t\(threads)", "-c\(connections)", "-d\(seconds ?? self.seconds)s", "--timeout", "10s", "--latency", "-s",
            script,
            url
        ]
        let output = try await Self.detached { [executable] in try ExternalTool.run(executable, arguments) }
        return try Self.parse(output)
    }

    static func detached<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Reads `Requests/sec`, the 50% and 99% latency lines, the request count and the error lines.
    static func parse(_ output: String) throws -> Outcome {
        var outcome = Outcome(requestsPerSecond: 0, p50Ms: 0, p99Ms: 0, requests: 0, failures: 0)
        for raw in output.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.hasPrefix("Requests/sec:"), let value = words.last.flatMap(Double.init) {
                outcome.requestsPerSecond = value
            } else if line.hasPrefix("50%"), words.count > 1 {
                outcome.p50Ms = try milliseconds(words[1])
            } else if line.hasPrefix("99%"), words.count > 1 {
                outcome.p99Ms = try milliseconds(words[1])
            } else if line.contains("requests in"), let count = words.first.flatMap(Int.init) {
                outcome.requests = count
            } else if line.hasPrefix("Non-2xx or 3xx responses:"), let count = words.last.flatMap(Int.init) {
                outcome.failures += count
                outcome.failureDetail +=
                    (outcome.failureDetail.isEmpty ? "" : "; ") + line.trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("Socket errors:") {
                outcome.failureDetail +=
                    (outcome.failureDetail.isEmpty ? "" : "; ") + line.trimmingCharacters(in: .whitespaces)
                // "Socket errors: connect 0, read 0, write 0, timeout 0"
                let counts = line.split(separator: ",").compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
                outcome.connectErrors += counts.first ?? 0
                outcome.failures += counts.dropFirst().reduce(0, +)
            }
        }
        guard outcome.requestsPerSecond > 0 else { throw BenchError.tool("wrk printed no Requests/sec line") }
        return outcome
    }

    /// `812.00us`, `1.23ms`, `2.01s`, `1.5m` in milliseconds.
    static func milliseconds(_ text: String) throws -> Double {
        let units: [(String, Double)] = [("us", 0.001), ("ms", 1), ("s", 1000), ("m", 60_000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)) { return value * factor }
        }
        throw BenchError.tool("unreadable wrk latency \(text)")
    }
}
