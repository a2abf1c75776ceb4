import Foundation
import MataresitCore
import Testing

@testable import MataresitBench

@Suite("Bench tools: traffic mix, wrk output, commit tracking, chart")
struct BenchToolsTests {
    static func requests(_ count: Int, seed: UInt64 = 7, keys: Int = 50) -> [ApiRequestEvent] {
        let traffic = BenchTraffic(keyCount: keys, seed: seed)
        var random = BenchRandom(seed: seed)
        return (0..<count).map { _ in traffic.request(using: &random).event }
    }

    @Test("the same seed gives the same traffic, another seed other traffic")
    func reproducible() {
        let first = Self.requests(200), again = Self.requests(200), other = Self.requests(200, seed: 8)
        #expect(first == again)
        #expect(first != other)
    }

    @Test("the mix matches the documented shares")
    func documentedShares() {
        let requests = Self.requests(20_000)
        func share(_ predicate: (ApiRequestEvent) -> Bool) -> Double {
            Double(requests.filter(predicate).count) / Double(requests.count)
        }
        #expect(abs(share { $0.apiKeyID == nil } - 0.03) < 0.01)
        #expect(requests.filter { $0.apiKeyID == nil }.allSatisfy { $0.status == 401 && $0.rateLimit == .notChecked })
        #expect(abs(share { $0.route == "/api/v1/receipts" && $0.method == "GET" } - 0.30) < 0.02)
        #expect(abs(share { $0.route == nil } - 0.02) < 0.01)
        #expect(requests.filter { $0.route == nil && $0.apiKeyID != nil }.allSatisfy { $0.status == 404 })
        #expect(abs(share { $0.status == 429 } - 0.04 * 0.95) < 0.01)
        #expect(
            requests.filter { $0.status == 429 }.allSatisfy {
                $0.rateLimit == .limited && $0.errorCode == "RATE_LIMIT_EXCEEDED"
            })
        #expect(requests.allSatisfy { $0.route == nil || !$0.path.contains("{id}") })
    }

    @Test("keys follow a Zipf law: the first key is the busiest, every key belongs to its user")
    func zipfKeys() {
        let traffic = BenchTraffic(keyCount: 50, seed: 7)
        let requests = Self.requests(20_000)
        var counts: [UUID: Int] = [:]
        for request in requests { if let key = request.apiKeyID { counts[key, default: 0] += 1 } }
        let busiest = counts.max { $0.value < $1.value }!.key
        #expect(busiest == traffic.keys[0].id)
        // H(50) is about 4.5: the first key gets about 22% of keyed traffic.
        #expect(abs(Double(counts[busiest]!) / Double(counts.values.reduce(0, +)) - 0.222) < 0.02)
        let owners = Dictionary(uniqueKeysWithValues: traffic.keys.map { ($0.id, $0.userID) })
        #expect(requests.allSatisfy { $0.apiKeyID == nil || owners[$0.apiKeyID!] == $0.userID })
        #expect(traffic.userIDs.count == 25)
    }

    @Test("wrk's summary is read: req/s, p50, p99, count, non-2xx and socket errors")
    func wrkOutput() throws {
        let output = """
            Running 10s test @ http://127.0.0.1:8080/api/v1/health
              2 threads and 50 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     2.10ms    1.02ms  30.11ms   90.00%
                Req/Sec    12.01k     1.10k   14.20k    70.00%
              Latency Distribution
                 50%  812.00us
                 75%    2.50ms
                 90%    3.10ms
                 99%    5.43ms
              239021 requests in 10.00s, 80.12MB read
              Socket errors: connect 3, read 2, write 0, timeout 1
              Non-2xx or 3xx responses: 4
            Requests/sec:  23901.77
            Transfer/sec:      8.01MB
            """
        let outcome = try WrkRunner.parse(output)
        #expect(outcome.requestsPerSecond == 23901.77)
        #expect(abs(outcome.p50Ms - 0.812) < 1e-9)
        #expect(outcome.p99Ms == 5.43)
        #expect(outcome.requests == 239_021)
        #expect(outcome.failures == 7, "read and timeout errors and non-2xx answers are failures")
        #expect(outcome.connectErrors == 3, "connections wrk opened again are counted apart")
        #expect(try WrkRunner.milliseconds("1.50s") == 1500)
        #expect(throws: BenchError.self) { try WrkRunner.parse("connection refused") }
        #expect(throws: BenchError.self) { try WrkRunner.milliseconds("12parsecs") }
    }

    @Test("commits are matched to sends by partition offset; end to end waits for the slowest stage")
    func commitTracking() {
        let tracker = CommitTracker(stages: ["a", "b"], partitions: 2, expected: 4)
        tracker.sent(partition: 0, occurredAtMicros: 1_000)
        tracker.sent(partition: 0, occurredAtMicros: 2_000)
        tracker.sent(partition: 1, occurredAtMicros: 3_000)
        tracker.observe(["a": [0: 2, 1: 1], "b": [0: 1]], at: 11_000)
        #expect(tracker.committed("a") == 3)
        #expect(tracker.committed("b") == 1)
        #expect(tracker.committedByAll == 1)
        #expect(!tracker.allCommitted(sent: 3))
        tracker.observe(["a": [0: 2, 1: 1], "b": [0: 2, 1: 1]], at: 21_000)
        #expect(tracker.allCommitted(sent: 3))
        #expect(!tracker.allCommitted(sent: 4))
        let endToEnd = tracker.latencySummary(nil)
        #expect(endToEnd.count == 3)
        #expect(endToEnd.p50Ms == 18)  // 10 ms (first event), then 19 ms and 18 ms
        #expect(endToEnd.maxMs == 19)
        #expect(tracker.latencySummary("a").maxMs == 10)
    }

    @Test("bench api pairs routes within a round: ratios and emission figures are per-round medians with their range")
    func apiRoundPairs() {
        func run(_ path: String, emission: Bool, _ rates: [Double], _ cpu: [Double]) -> APIBenchResult.Run {
            APIBenchResult.Run(
                name: path, path: path, emission: emission, requestsPerSecond: median(rates), p50Ms: 1, p99Ms: 2,
                cpuMicrosPerRequest: median(cpu), requests: 100, failures: 0, connectErrors: 0, failureSample: nil,
                roundRequestsPerSecond: rates, roundCPUMicrosPerRequest: cpu)
        }
        // The machine slows down in round 2: every route drops, the within-round ratios stay put.
        let result = APIBenchResult(
            build: "test", seconds: 1, rounds: 3, connections: 1, threads: 1,
            runs: [
                run("/bench/bare", emission: true, [40_000, 20_000, 40_000], [30, 30, 30]),
                run("/api/v1/health", emission: true, [16_000, 8_000, 12_000], [100, 110, 90]),
                run("/api/v1/health", emission: false, [20_000, 10_000, 20_000], [80, 80, 80])
            ])
        let ratio = try! #require(result.healthRatio)
        #expect((ratio.median, ratio.low, ratio.high) == (0.4, 0.3, 0.4))
        let overhead = try! #require(result.emissionOverhead)
        #expect(abs(overhead.median - 0.2) < 1e-9 && abs(overhead.high - 0.4) < 1e-9)
        #expect(try! #require(result.emissionCost).median == 20)
        #expect(result.text.contains("health / bare route      0.40 (rounds 0.30 to 0.40)"), "\(result.text)")
        #expect(result.text.contains("emission overhead        20.0% (rounds 20.0% to 40.0%) of health req/s"))
    }

    @Test("percentiles use the nearest rank")
    func percentiles() {
        let summary = LatencySummary(micros: (1...100).map { Int64($0) * 1000 })
        #expect(summary.p50Ms == 50)
        #expect(summary.p99Ms == 99)
        #expect(summary.maxMs == 100)
        #expect(LatencySummary(micros: []).count == 0)
    }

    @Test("partitions by key are stable and in range")
    func partitions() {
        let key = UUID().byteArray
        let partition = PipelineBench.partition(of: key, count: 12)
        #expect((0..<12).contains(partition))
        #expect(PipelineBench.partition(of: key, count: 12) == partition)
        let spread = Set((0..<500).map { _ in PipelineBench.partition(of: UUID().byteArray, count: 12) })
        #expect(spread.count == 12)
    }
}
