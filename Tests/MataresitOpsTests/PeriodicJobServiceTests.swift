import Logging
import Synchronization
import Testing

@testable import MataresitRuntime

@Suite("Periodic job service")
struct PeriodicJobServiceTests {
    final class Runs: Sendable {
        let count = Atomic<Int>(0)
    }

    struct JobFailed: Error {}

    @Test("runs the job at start and after each interval; a failed run does not end it, cancellation does")
    func runsUntilCancelled() async throws {
        let runs = Runs()
        let (thirdRun, signal) = AsyncStream.makeStream(of: Void.self)
        let service = PeriodicJobService(name: "test", interval: .milliseconds(5), logger: Logger(label: "test")) {
            let run = runs.count.add(1, ordering: .relaxed).newValue
            if run == 3 { signal.yield() }
            if run == 1 { throw JobFailed() }
        }
        let task = Task { try await service.run() }
        for await _ in thirdRun { break }
        task.cancel()
        try await task.value
        #expect(runs.count.load(ordering: .relaxed) >= 3)
    }
}
