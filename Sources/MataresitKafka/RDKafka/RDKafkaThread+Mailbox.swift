import CRDKafka
import Dispatch
import Synchronization

extension RDKafkaThread {
    /// The state shared by the owner and the thread: queued jobs, the stop request and who waits for it.
    final class Mailbox: Sendable {
        private struct State {
            var jobs: [Job] = []
            var stopping = false
            var exited = false
            var waiters: [CheckedContinuation<Void, Never>] = []
        }

        private let state = Mutex(State())
        private let wakeup = DispatchSemaphore(value: 0)
        /// Handle to `rd_kafka_yield` so a job does not wait for the idle poll's timeout.
        private let wakeTarget: UnsafeSendablePointer?

        init(wakeTarget: UnsafeSendablePointer?) {
            self.wakeTarget = wakeTarget
        }

        func submit(_ job: @escaping Job) -> Bool {
            let accepted = state.withLock { state in
                guard !state.stopping else { return false }
                state.jobs.append(job)
                wake(state)
                return true
            }
            if accepted { wakeup.signal() }
            return accepted
        }

        func stop(waiter: CheckedContinuation<Void, Never>?) {
            let alreadyExited = state.withLock { state in
                if state.exited { return true }
                state.stopping = true
                if let waiter { state.waiters.append(waiter) }
                wake(state)
                return false
            }
            if alreadyExited {
                waiter?.resume()
            } else {
                wakeup.signal()
            }
        }

        /// Interrupts the idle poll; only while the client is alive (the lock orders it before release).
        private func wake(_ state: borrowing State) {
            if let wakeTarget, !state.exited { rd_kafka_yield(wakeTarget.raw) }
        }

        /// The thread's body.
        func run(client: RDKafkaClient, idle: Job?) {
            var client: RDKafkaClient? = client
            while let current = client {
                let (jobs, stopping) = state.withLock { state in
                    defer { state.jobs.removeAll() }
                    return (state.jobs, state.stopping)
                }
                for job in jobs { job(current) }
                if !jobs.isEmpty { continue }
                if stopping { break }
                if let idle { idle(current) } else { wakeup.wait() }
            }
            let waiters = state.withLock { state in
                state.exited = true
                return state.waiters
            }
            client = nil
            for waiter in waiters { waiter.resume() }
        }
    }
}
