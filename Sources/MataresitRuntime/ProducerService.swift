import MataresitKafka
import ServiceLifecycle

/// Keeps the producer alive while the process runs; on shutdown flushes every queued event.
/// Placed before the API in the service group, so it stops after the API stopped taking requests.
struct ProducerService: Service {
    let producer: KafkaProducer

    func run() async throws {
        try? await gracefulShutdown()
        await producer.shutdown(flushTimeout: .seconds(10))
    }
}
