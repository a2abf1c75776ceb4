import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import MataresitStreams
import Testing

@Suite("Dead letters: bad events go to api.requests.dlq.v1 with their reason, stages continue, redrive")
struct DeadLetterTests {
    static let garbage: [UInt8] = [0xde, 0xad, 0xbe, 0xef, 0x07, 0xff]
    static let futureType = "api.request_v9"

    /// Undecodable bytes, an envelope of a newer schema version and one of a type this build does not know.
    static func badValues() -> [(value: [UInt8], reason: String)] {
        let request = EventFactory.requestEvents(count: 1)[0]
        var future = request
        future.schemaVersion = EventEnvelope.currentSchemaVersion + 1
        let unknown = EventEnvelope(
            occurredAtMicros: request.occurredAtMicros, producer: "test", payload: .unknown(typeName: futureType))
        return [
            (garbage, "not a protobuf envelope"),
            (EventCodec.encode(future), "unsupported schema version \(future.schemaVersion)"),
            (EventCodec.encode(unknown), "unknown event type \(futureType)")
        ]
    }

    @Test("garbage, a future schema version and an unknown type are dead-lettered by every stage; totals stay exact")
    func undecodableEventsAreDeadLettered() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster(pipeline: try RequestStageLayout.separate.pipeline(batch: 50))
            let stages = AggregateStages(database: database, cluster: cluster)
            let good = EventFactory.requestEvents(count: 300)
            try await EventFactory.produce(Array(good.prefix(150)), to: cluster)
            let bad = Self.badValues()
            let positions = try await Self.produceRaw(bad.map(\.value), to: cluster)
            try await EventFactory.produce(Array(good.suffix(150)), to: cluster)

            let runners = try stages.runners(owner: "worker")
            let error = try await stages.run(runners) { try await stages.allCommitted(303) }
            #expect(error == nil)
            #expect(try await database.scalar("SELECT count(*) FROM api_access_logs") == 300)
            #expect(try await database.scalar("SELECT sum(total_requests)::bigint FROM api_key_usage") == 300)
            #expect(try await database.scalar("SELECT sum(total_requests)::bigint FROM rate_limit_hourly_total") == 300)

            let letters = try await DeadLetterQueue(configuration: cluster.configuration, logger: database.logger)
                .letters()
            #expect(letters.count == 9, "3 bad events x 3 stages: \(letters.map(\.letter.reason))")
            for stage in stages.names {
                let ofStage = letters.filter { $0.letter.stage == stage }
                #expect(ofStage.count == 3, "\(stage)")
                for ((value, reason), position) in zip(bad, positions) {
                    let letter = try #require(ofStage.first { $0.letter.original == value }?.letter)
                    #expect(letter.reason.contains(reason), "\(letter.reason)")
                    #expect(letter.sourceTopic == Topics.apiRequests)
                    #expect(letter.sourcePartition == position.partition && letter.sourceOffset == position.offset)
                }
            }
            #expect(
                letters.compactMap(\.originalType).allSatisfy { $0 == Self.futureType }, "only the unknown type decodes"
            )
        }
    }

    @Test("events with impossible times (before 2000, a year ahead) are dead-lettered by every stage; the rest counts")
    func impossibleTimesAreDeadLettered() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster(pipeline: try RequestStageLayout.separate.pipeline(batch: 50))
            let stages = AggregateStages(database: database, cluster: cluster)
            var events = EventFactory.requestEvents(count: 200)
            events[10].occurredAtMicros = -220_000_000_000_000_000
            events[120].occurredAtMicros = Date().microsecondsSince1970 + 365 * 86_400_000_000
            try await EventFactory.produce(events, to: cluster)

            let runners = try stages.runners(owner: "worker")
            let error = try await stages.run(runners) { try await stages.allCommitted(200) }
            #expect(error == nil)
            #expect(try await database.scalar("SELECT count(*) FROM api_access_logs") == 198)
            #expect(try await database.scalar("SELECT sum(total_requests)::bigint FROM rate_limit_hourly_total") == 198)
            let letters = try await DeadLetterQueue(configuration: cluster.configuration, logger: database.logger)
                .letters()
            #expect(letters.count == 6, "2 events x 3 stages: \(letters.map(\.letter.reason))")
            #expect(letters.allSatisfy { $0.letter.reason.hasPrefix("event time out of range") })
        }
    }

    @Test("redrive re-publishes originals once: a fixed event is applied, a still-bad one is dead-lettered again")
    func redrive() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster(pipeline: try TestPipeline.separateStages())
            let stages = AggregateStages(database: database, cluster: cluster)
            let good = EventFactory.requestEvents(count: 40)
            try await EventFactory.produce(good, to: cluster)
            _ = try await Self.produceRaw([Self.garbage], to: cluster)
            // A letter whose original is fine now (as after a fix): redrive must get it applied.
            let healed = EventFactory.requestEvents(count: 1)[0]
            let healedLetter = DeadLetter(
                stage: "access-log", reason: "refused by the database: SQLSTATE 22P02", sourceTopic: Topics.apiRequests,
                sourcePartition: 0, sourceOffset: 999, original: EventCodec.encode(healed))
            try await Self.publish(healedLetter, to: cluster)

            let runners = try stages.runners(owner: "first")
            var error = try await stages.run(runners) { try await stages.allCommitted(41) }
            #expect(error == nil)
            let queue = DeadLetterQueue(configuration: cluster.configuration, logger: database.logger)
            let before = try await queue.letters()
            #expect(before.count == 4, "the healed letter and the garbage of 3 stages")

            let store = DeadLetterRedriveStore(client: database.client, logger: database.logger)
            let redrive = DeadLetterRedrive(
                configuration: cluster.configuration, store: store, producerName: "test-cli", logger: database.logger)
            #expect(try await redrive.redrive(before, stage: nil) == 2, "one garbage original and the healed one")
            #expect(try await store.redriven(topic: Topics.deadLetters) == Set(before.map(\.position)))

            let second = try stages.runners(owner: "second")
            error = try await stages.run(second) { try await stages.allCommitted(43) }
            #expect(error == nil)
            #expect(try await database.scalar("SELECT count(*) FROM api_access_logs") == 41, "the healed event, once")
            #expect(try await database.scalar("SELECT sum(total_requests)::bigint FROM api_key_usage") == 41)
            let after = try await queue.letters()
            #expect(after.count == 7, "the garbage dead-lettered again by every stage, nothing else")
            let fresh = after.filter { letter in !before.contains { $0.position == letter.position } }
            #expect(fresh.allSatisfy { $0.letter.original == Self.garbage })

            let actions = try await Self.adminActions(in: cluster)
            #expect(actions.count == 1)
            #expect(actions.first?.action == "dlq.redrive" && actions.first?.attributes["originals"] == "2")
        }
    }

    /// Produces raw values to api.requests.v1 and returns where each landed.
    static func produceRaw(_ values: [[UInt8]], to cluster: TestCluster) async throws -> [(
        partition: Int32, offset: Int64
    )] {
        let admin = try KafkaAdmin(configuration: cluster.configuration, logger: Logger(label: "test-admin"))
        let producer = try KafkaProducer(configuration: cluster.configuration, logger: Logger(label: "test-raw"))
        var positions: [(partition: Int32, offset: Int64)] = []
        for (index, value) in values.enumerated() {
            let partition = Int32(index % 12)
            let high = try await admin.watermarks(
                TopicPartition(topic: Topics.apiRequests, partition: partition), timeout: .seconds(5)
            ).high
            _ = try producer.send(
                topic: Topics.apiRequests, partition: partition, key: Array("raw-\(index)".utf8), value: value)
            try #require(await producer.flush(timeout: .seconds(10)) == 0)
            positions.append((partition, high))
        }
        await producer.shutdown(flushTimeout: .seconds(5))
        return positions
    }

    static func publish(_ letter: DeadLetter, to cluster: TestCluster) async throws {
        let producer = try KafkaProducer(configuration: cluster.configuration, logger: Logger(label: "test-dlq"))
        let envelope = EventEnvelope(
            occurredAtMicros: letter.failedAtMicros, producer: "test", payload: .deadLetter(letter))
        _ = try producer.send(topic: Topics.deadLetters, key: nil, value: EventCodec.encode(envelope))
        try #require(await producer.flush(timeout: .seconds(10)) == 0)
        await producer.shutdown(flushTimeout: .seconds(5))
    }

    /// The admin actions on the audit topic.
    static func adminActions(in cluster: TestCluster) async throws -> [AdminAction] {
        let partitions = try #require(cluster.pipeline.topics.first { $0.name == Topics.audit }?.partitions)
        let admin = try KafkaAdmin(configuration: cluster.configuration, logger: Logger(label: "test-admin"))
        var starts: [TopicPartition: StartPosition] = [:], total = 0
        for number in 0..<Int32(partitions) {
            let partition = TopicPartition(topic: Topics.audit, partition: number)
            total += Int(try await admin.watermarks(partition, timeout: .seconds(5)).high)
            starts[partition] = .beginning
        }
        let consumer = try KafkaConsumer(
            configuration: cluster.configuration, assignment: starts, logger: Logger(label: "test-audit"))
        var actions: [AdminAction] = [], read = 0
        let deadline = ContinuousClock.now + .seconds(15)
        while read < total && ContinuousClock.now < deadline {
            for message in try await consumer.poll(maxMessages: 100, maxWait: .milliseconds(200)) {
                read += 1
                if case .adminAction(let action)? = try? EventCodec.decode(message.value).payload {
                    actions.append(action)
                }
            }
        }
        await consumer.close()
        return actions
    }
}
