import Logging
import MataresitKafka
import MataresitStore
import ServiceLifecycle

/// How a stage lives through a database outage: its membership of the consumer group ends with the error, it waits
/// (backing off from 0.5 s to 10 s) and joins again, resuming from its committed offsets. Any other error ends it.
enum DatabaseOutageRetry {
    /// Runs `membership` until it returns.
    static func run(logger: Logger, _ membership: () async throws -> Void) async throws {
        var delay = Duration.milliseconds(500)
        while true {
            let joined = ContinuousClock.now
            do {
                try await membership()
                return
            } catch {
                // A failed claim (database down, retention gap) reaches us wrapped in the consumer's error.
                let cause = (error as? KafkaError)?.underlying ?? error
                guard let store = StoreError.wrap(cause) as? StoreError, store.isRetriable, !Task.isCancelled,
                    !Task.isShuttingDownGracefully
                else {
                    logger.error("stage failed", metadata: ["error": "\(cause)"])
                    throw cause
                }
                StageMetrics.recordDatabaseError()
                // A membership that lasted was a recovery: a new outage starts the back-off from the beginning.
                if ContinuousClock.now - joined > .seconds(30) { delay = .milliseconds(500) }
                logger.warning(
                    "stage paused: database unavailable", metadata: ["reason": "\(store)", "retry_in": "\(delay)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(10))
            }
        }
    }
}
