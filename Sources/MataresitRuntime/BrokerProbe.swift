import Logging
import MataresitCore
import MataresitKafka
import Synchronization

/// Whether the broker answers a metadata request within two seconds (used before draining the spool).
final class BrokerProbe: Sendable {
    private let admin: KafkaAdmin?

    init(kafka: KafkaConfiguration, logger: Logger) {
        admin = try? KafkaAdmin(configuration: kafka, logger: logger)
    }

    @Sendable func isReachable() async -> Bool {
        guard let admin else { return false }
        return (try? await admin.partitionCount(topic: Topics.apiRequests, timeout: .seconds(2))) != nil
    }
}
