import CRDKafka
import Dispatch
import Foundation
import Synchronization

/// A dedicated OS thread that owns one ``RDKafkaClient`` and runs every blocking librdkafka call
/// (poll, flush, consume, admin waits, destroy) on it, never on the Swift cooperative pool.
///
/// Jobs run in submission order. Between jobs the thread runs `idle` (the producer's
/// `rd_kafka_poll` loop) or sleeps. When stopped it finishes the queued jobs, releases the client
/// (so `rd_kafka_destroy` runs on this thread) and exits.
final class RDKafkaThread: Sendable {
    typealias Job = @Sendable (RDKafkaClient) -> Void

    private let mailbox: Mailbox

    init(name: String, client: RDKafkaClient, idle: Job? = nil) {
        let mailbox = Mailbox(wakeTarget: idle == nil ? nil : client.handle)
        self.mailbox = mailbox
        let thread = Thread { mailbox.run(client: client, idle: idle) }
        thread.name = name
        thread.start()
    }

    deinit {
        mailbox.stop(waiter: nil)
    }

    /// Queues `job`; returns false (and drops it) when the thread is stopping.
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        mailbox.submit(job)
    }

    /// Runs `body` on the thread and returns its result; throws ``KafkaError/Code/closed`` when stopped.
    func perform<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (RDKafkaClient) throws(KafkaError) -> T)
        async throws(KafkaError) -> T
    {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            let accepted = mailbox.submit { client in
                do throws(KafkaError) {
                    continuation.resume(returning: .success(try body(client)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            if !accepted {
                continuation.resume(returning: .failure(KafkaError(code: .closed, operation: operation)))
            }
        }
        return try result.get()
    }

    /// Stops after the queued jobs and returns once the client is released and the thread exited.
    func stop() async {
        await withCheckedContinuation { continuation in
            mailbox.stop(waiter: continuation)
        }
    }
}
