import Foundation
import MataresitCore
import Synchronization

/// ENABLE_GDPR_COMPLIANCE_LOGGING: sums the redaction counts of this instance's request events per UTC hour and
/// publishes each finished hour as one `gdpr.redaction_summary` admin action, which the audit stage records
/// (counts only, never values; one event per hour and instance keeps it cheap).
final class RedactionSummaryRecorder: Sendable {
    private let summary = Mutex(RedactionSummary())
    private let publisher: any EventPublishing
    private let producer: String

    init(publisher: any EventPublishing, producer: String) {
        self.publisher = publisher
        self.producer = producer
    }

    func record(_ counts: [String: UInt32], at date: Date) {
        guard let finished = summary.withLock({ $0.add(counts, at: date) }) else { return }
        let action = RedactionSummary.auditAction(for: finished, instance: producer)
        publisher.publish(
            EventEnvelope(
                occurredAtMicros: Date().microsecondsSince1970, producer: producer, payload: .adminAction(action)))
    }
}
