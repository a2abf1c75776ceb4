import Dispatch
import Synchronization

/// Runs async code from a dedicated (non-cooperative) thread and blocks that thread until it ends.
///
/// Only for the librdkafka callback threads owned by this module (the rebalance callback runs on
/// the consumer's ``RDKafkaThread``): blocking a cooperative-pool thread this way could starve it.
enum BlockingBridge {
    static func wait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        Task.detached {
            let result: Result<T, any Error>
            do {
                result = .success(try await operation())
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return outcome.withLock { $0! }
    }
}
