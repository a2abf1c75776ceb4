import CRDKafka
import Foundation
import Logging
import Synchronization

/// A consumer's assignment, kept in step with librdkafka by the rebalance callback.
///
/// The callback runs on the consumer's ``RDKafkaThread`` (inside `rd_kafka_consumer_poll` or
/// `rd_kafka_consumer_close`). It asks the ``KafkaRebalanceHandler`` for start positions and
/// assigns exactly those, so no message is ever read from a position the caller did not choose.
final class RebalanceCoordinator: Sendable {
    struct State {
        var assignment: Set<TopicPartition> = []
        var failure: KafkaError?
        /// Set when the consumer is torn down without `close()`: handlers are no longer called.
        var handlersDisabled = false
    }

    static let retryDelays: [Duration] = [.milliseconds(100), .milliseconds(400), .milliseconds(1600)]

    private let handler: KafkaRebalanceHandler?
    let logger: Logger
    let state = Mutex(State())
    /// Bumped on every revocation; a poll drops what it collected before a change. Atomic (as is
    /// `hasFailure`) because the poll loop reads both once per message.
    private let revocationCount = Atomic<Int>(0)
    private let hasFailure = Atomic<Bool>(false)

    init(handler: KafkaRebalanceHandler?, logger: Logger) {
        self.handler = handler
        self.logger = logger
    }

    var assignment: Set<TopicPartition> { state.withLock { $0.assignment } }
    /// Whether a group drives the assignment (false for a manual assignment).
    var rebalances: Bool { handler != nil }

    var revocations: Int { revocationCount.load(ordering: .acquiring) }
    var failure: KafkaError? { hasFailure.load(ordering: .acquiring) ? state.withLock { $0.failure } : nil }

    func fail(_ error: KafkaError) {
        state.withLock { $0.failure = error }
        hasFailure.store(true, ordering: .releasing)
    }

    func disableHandlers() {
        state.withLock { $0.handlersDisabled = true }
    }

    /// Records a manual assignment.
    func assigned(_ partitions: Set<TopicPartition>) {
        state.withLock { $0.assignment = partitions }
    }

    /// Asks the handler for start positions, retrying with backoff; `nil` once it keeps failing.
    func startPositions(for partitions: [TopicPartition]) -> [TopicPartition: StartPosition]? {
        guard let handler, !state.withLock({ $0.handlersDisabled }) else { return [:] }
        var lastError: (any Error)?
        for attempt in 0...Self.retryDelays.count {
            switch BlockingBridge.wait({ try await handler.assigned(partitions) }) {
            case .success(let positions):
                return positions
            case .failure(let error):
                lastError = error
                logger.warning(
                    "rebalance handler 'assigned' failed", metadata: ["attempt": "\(attempt + 1)", "error": "\(error)"])
                if attempt < Self.retryDelays.count {
                    Thread.sleep(forTimeInterval: Double(Self.retryDelays[attempt].milliseconds) / 1000)
                }
            }
        }
        let failure = KafkaError(
            code: .rebalanceHandlerFailed, operation: "assign partitions", reason: "\(lastError.map { "\($0)" } ?? "")",
            underlying: lastError)
        fail(failure)
        return nil
    }

    /// Tells the handler about revoked partitions and forgets the assignment.
    func revoke(_ partitions: [TopicPartition]) {
        if let handler, !state.withLock({ $0.handlersDisabled }) {
            _ = BlockingBridge.wait { await handler.revoked(partitions) }
        }
    }

    func didRevoke() {
        let had = state.withLock { state in
            defer { state.assignment = [] }
            return state.assignment.count
        }
        revocationCount.add(1, ordering: .releasing)
        if had > 0 { logger.info("partitions revoked", metadata: ["partitions": "\(had)"]) }
    }
}
