import Foundation
import MataresitRuntime
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import PostgresNIO

/// `mataresit bench baseline`: what the pipeline is judged against, on the same machine in the same run.
public enum BaselineBench {
    /// COPY rate, raw consume rate and decode rate of these events (the caller's bench database and broker).
    /// The rows are removed again afterwards, so the table is empty for a pipeline run that follows.
    public static func measure(
        events: [EventEnvelope], source: BenchEventSource, policy: RedactionPolicy, database: BenchDatabase,
        kafka: BenchKafka, logger: Logger
    ) async throws -> BaselineResult {
        let encoded = events.map(EventCodec.encode)
        let rows = source.accessLogRows(events, policy: policy)
        let copy = try await copyRate(rows, database: database, logger: logger)
        let consume = try await consumeRate(encoded, kafka: kafka, logger: logger)
        return BaselineResult(
            rows: events.count, copyRowsPerSecond: copy, consumeEventsPerSecond: consume,
            decodeEventsPerSecond: try decodeRate(encoded))
    }

    /// One COPY stream of the rows into `api_access_logs` (day partitions created first, outside the timing),
    /// formatting included; checks the count, then truncates.
    public static func copyRate(_ rows: [AccessLogRow], database: BenchDatabase, logger: Logger) async throws -> Double
    {
        let days = Set(rows.map { UTCDay.string(from: $0.timestamp) })
        try await AccessLogWriter.ensurePartitions(days: days, client: database.client, logger: logger)
        let clock = ContinuousClock()
        let started = clock.now
        try await database.client.withConnection { connection in
            try await connection.copyFrom(table: "api_access_logs", columns: AccessLogWriter.columns, logger: logger) {
                writer in
                var index = 0
                while index < rows.count {
                    let chunk = rows[index..<min(rows.count, index + 10_000)]
                    try await writer.write(AccessLogWriter.format(Array(chunk)))
                    index += chunk.count
                }
            }
        }
        let seconds = (clock.now - started).seconds
        let stored = try await ProjectionTotals(client: database.client, logger: logger).accessLogRows()
        guard stored == Int64(rows.count) else {
            throw BenchError.lost("raw COPY stored \(stored) of \(rows.count) rows")
        }
        try await database.client.query("TRUNCATE api_access_logs", logger: logger)
        return Double(rows.count) / seconds
    }

    /// Produces the messages to a topic of their own, then times fetching all of them from the beginning
    /// (manually assigned: no group join in the timing), without decoding.
    public static func consumeRate(_ encoded: [[UInt8]], kafka: BenchKafka, logger: Logger) async throws -> Double {
        let topic = try await kafka.createTopic(suffix: "baseline")
        let producer = try KafkaProducer(configuration: kafka.configuration, logger: logger)
        for (index, value) in encoded.enumerated() {
            let partition = Int32(index % Int(kafka.partitions))
            while try producer.send(topic: topic, partition: partition, key: nil, value: value) == .queueFull {
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        let undelivered = await producer.flush(timeout: .seconds(60))
        await producer.shutdown(flushTimeout: .seconds(5))
        guard undelivered == 0 else { throw BenchError.lost("\(undelivered) baseline messages were not delivered") }
        let assignment = Dictionary(
            uniqueKeysWithValues: (0..<kafka.partitions).map {
                (TopicPartition(topic: topic, partition: $0), StartPosition.beginning)
            })
        let consumer = try KafkaConsumer(configuration: kafka.configuration, assignment: assignment, logger: logger)
        let clock = ContinuousClock()
        var received = 0
        var started: ContinuousClock.Instant?
        let deadline = clock.now + .seconds(120)
        while received < encoded.count && clock.now < deadline {
            let messages = try await consumer.poll(maxMessages: 10_000, maxWait: .milliseconds(100))
            if started == nil && !messages.isEmpty { started = clock.now }
            received += messages.count
        }
        await consumer.close()
        guard received == encoded.count, let started else {
            throw BenchError.lost(
                "raw consume got \(received) of \(encoded.count) messages (broker retention exceeded?)")
        }
        return Double(received) / (clock.now - started).seconds
    }

    /// Decoding rate on one core.
    public static func decodeRate(_ encoded: [[UInt8]]) throws -> Double {
        let clock = ContinuousClock()
        let started = clock.now
        for value in encoded { _ = try EventCodec.decode(value) }
        return Double(encoded.count) / (clock.now - started).seconds
    }
}

/// Why a bench run is not a measurement.
public enum BenchError: Error, CustomStringConvertible {
    case lost(String)
    case timedOut(String)
    case tool(String)

    public var description: String {
        switch self {
        case .lost(let what): return "events lost: \(what)"
        case .timedOut(let what): return "timed out: \(what)"
        case .tool(let what): return what
        }
    }
}

extension Duration {
    /// As a floating-point number of seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension BaselineBench {
    /// `mataresit bench baseline` on its own: generates `events` events of the bench mix and measures them.
    public static func run(
        events count: Int, keys: Int, seed: UInt64, pipeline: PipelineSpec, database: BenchDatabase, kafka: BenchKafka,
        logger: Logger
    ) async throws -> BaselineResult {
        let subjectKeys = SubjectKeyStore(
            client: database.client, wrapper: try KeyWrapper(secret: PipelineBench.randomSecret()), logger: logger)
        var source = try await BenchEventSource.make(
            traffic: BenchTraffic(keyCount: keys, seed: seed), seed: seed, subjectKeys: subjectKeys)
        let events = try source.make(count, occurredAtMicros: Date().microsecondsSince1970)
        return try await measure(
            events: events, source: source, policy: pipeline.redactionPolicy, database: database, kafka: kafka,
            logger: logger)
    }
}
