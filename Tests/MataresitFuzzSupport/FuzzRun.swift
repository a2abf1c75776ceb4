import Foundation

/// Budget, seed and tally of one fuzz test.
///
/// The test command runs a short version (each fuzzer's own `short` count). The long version multiplies them:
///
///     MATARESIT_FUZZ_SCALE=100 swift test --skip-build --disable-xctest --filter Fuzz
///
/// `MATARESIT_FUZZ_SEED` runs another seed; `MATARESIT_FUZZ_TRACE=<file>` writes each input to that file before
/// it runs, so the input that crashed the process is on disk afterwards.
public struct FuzzRun {
    /// An input that takes longer than this is a hang. Inputs take well under a second; the margin is for a
    /// 2-core machine busy with other work (the slowest seen there was 0.6 s).
    public static let perInputLimit: Duration = .seconds(5)
    public static let defaultSeed: UInt64 = 0x4D41_5441_5245_5349  // "MATARESI"

    public let name: String
    public let executions: Int
    public let seed: UInt64
    public var random: FuzzRandom
    /// Inputs the reader refused (threw, or reported damage).
    public private(set) var rejected = 0
    /// Inputs it accepted (and the test's oracle checked).
    public private(set) var accepted = 0
    public private(set) var slowest: Duration = .zero
    private let tracePath: String?

    public init(name: String, short: Int) {
        let environment = ProcessInfo.processInfo.environment
        self.name = name
        executions = short * max(1, environment["MATARESIT_FUZZ_SCALE"].flatMap { Int($0) } ?? 1)
        seed = environment["MATARESIT_FUZZ_SEED"].flatMap { UInt64($0) } ?? Self.defaultSeed
        random = FuzzRandom(seed: seed)
        tracePath = environment["MATARESIT_FUZZ_TRACE"]
    }

    /// Runs `body` on one input, timing it; `body` returns true when the input was accepted.
    public mutating func execute(_ input: [UInt8], _ body: () throws -> Bool) rethrows -> Duration {
        if let tracePath { FileManager.default.createFile(atPath: tracePath, contents: Data(input)) }
        var wasAccepted = false
        let elapsed = try ContinuousClock().measure { wasAccepted = try body() }
        if wasAccepted { accepted += 1 } else { rejected += 1 }
        slowest = max(slowest, elapsed)
        return elapsed
    }

    /// ``execute(_:_:)`` for an async body.
    public mutating func execute(_ input: [UInt8], _ body: () async throws -> Bool) async rethrows -> Duration {
        if let tracePath { FileManager.default.createFile(atPath: tracePath, contents: Data(input)) }
        let started = ContinuousClock.now
        let wasAccepted = try await body()
        let elapsed = ContinuousClock.now - started
        if wasAccepted { accepted += 1 } else { rejected += 1 }
        slowest = max(slowest, elapsed)
        return elapsed
    }

    /// The line the closing note quotes. Reaching it means nothing crashed.
    public func summary(acceptedAs word: String) -> String {
        let milliseconds = Double(slowest.components.attoseconds) / 1e15 + Double(slowest.components.seconds) * 1e3
        return "FUZZ \(name): \(accepted + rejected) executions, \(rejected) rejected, \(accepted) \(word), 0 crashes, "
            + "seed \(seed), slowest input \(String(format: "%.1f", milliseconds)) ms"
    }
}

/// Lowercase hex, for pasting a failing input into a regression test.
public func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// A fresh folder for a fuzzer's files, in memory (`/dev/shm`) when there is one: the file fuzzers rewrite a file per
/// input, and on a disk filesystem each rewrite waits for writeback.
public func fuzzFolder(_ prefix: String) -> String {
    let base = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
    return base + prefix + "-" + UUID().uuidString
}
