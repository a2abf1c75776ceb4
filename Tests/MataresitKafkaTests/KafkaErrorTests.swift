import MataresitKafka
import Testing

@Suite("KafkaError")
struct KafkaErrorTests {
    @Test("codes carry librdkafka's names and retriability")
    func codes() {
        #expect(KafkaError.Code.queueFull.name == "_QUEUE_FULL")
        #expect(KafkaError.Code.unknownTopicOrPartition.name == "UNKNOWN_TOPIC_OR_PART")
        #expect(KafkaError.Code.closed.name == "closed")
        #expect(KafkaError(code: .queueFull, operation: "produce").isRetriable)
        #expect(!KafkaError(code: .configuration, operation: "set property x").isRetriable)
        #expect(!KafkaError(code: .fatal, operation: "produce").isRetriable)
    }

    @Test("description names operation and code, nothing else")
    func description() {
        let error = KafkaError(code: .timedOut, operation: "watermarks of t[0]", reason: "Local: Timed out")
        #expect(error.description == "KafkaError(watermarks of t[0]: _TIMED_OUT, Local: Timed out, retriable)")
    }

    @Test("configuration errors name the property, never its value")
    func configurationError() {
        #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(
                configuration: KafkaConfiguration(
                    bootstrapServers: "127.0.0.1:1", properties: ["linger.ms": "secret-not-a-number"]),
                logger: KafkaTestSupport.logger("config")
            )
        }
        do {
            _ = try KafkaProducer(
                configuration: KafkaConfiguration(
                    bootstrapServers: "127.0.0.1:1", properties: ["linger.ms": "secret-not-a-number"]),
                logger: KafkaTestSupport.logger("config")
            )
        } catch {
            #expect(!"\(error)".contains("secret"))
            #expect((error as? KafkaError)?.code == .configuration)
        }
    }
}
