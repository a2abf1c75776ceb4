import Foundation

/// Replay progress: a bar redrawn in place on a terminal (events, rate, ETA), plain lines every few seconds
/// otherwise. Writes to standard error so standard output stays for results.
public final class ReplayProgress: @unchecked Sendable {
    private let isTerminal: Bool
    private let started = ContinuousClock.now
    private var lastPrinted = ContinuousClock.now
    private var applied = 0
    private var expected: Int
    private let lock = NSLock()

    public init(expected: Int, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.expected = expected
        self.isTerminal = isTerminal
    }

    /// Events applied so far.
    public var events: Int { lock.withLock { applied } }

    /// Events per second since start.
    public var rate: Double {
        let seconds = Self.seconds(ContinuousClock.now - started)
        return seconds > 0 ? Double(events) / seconds : 0
    }

    func expect(atLeast count: Int) { lock.withLock { expected = max(expected, count) } }

    func advance(by count: Int, phase: String) {
        let line: String? = lock.withLock {
            applied += count
            let now = ContinuousClock.now
            guard now - lastPrinted >= (isTerminal ? .milliseconds(200) : .seconds(5)) else { return nil }
            lastPrinted = now
            return render(phase: phase, now: now)
        }
        if let line { write(line) }
    }

    func finish(phase: String) {
        let line = lock.withLock { render(phase: phase, now: .now) }
        write(line + (isTerminal ? "\n" : ""))
    }

    private func render(phase: String, now: ContinuousClock.Instant) -> String {
        let seconds = Self.seconds(now - started)
        let rate = seconds > 0 ? Double(applied) / seconds : 0
        let remaining = max(0, expected - applied)
        let eta = rate > 0 ? "\(Int(Double(remaining) / rate)) s" : "?"
        let fraction = expected > 0 ? min(1, Double(applied) / Double(expected)) : 0
        let text = "\(phase): \(applied)/\(expected) events, \(Int(rate)) events/s, ETA \(eta)"
        guard isTerminal else { return text }
        let filled = Int(fraction * 30)
        return "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled) + "] " + text
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data((isTerminal ? text : text + "\n").utf8))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
