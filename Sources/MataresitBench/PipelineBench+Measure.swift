import Foundation
import MataresitRuntime
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import PostgresNIO

extension PipelineBench {
    /// What the measuring phase saw.
    struct Measured: Sendable {
        let tracker: CommitTracker
        let startMicros: Int64
        let produceSeconds: Double
        let endMicros: Int64
        let peakLag: Int64
        let samples: [PipelineBenchResult.Sample]
        let before: ProcessUsage
        let after: ProcessUsage
    }

    /// Waits until every stage has claimed every partition and, with several workers, the group is stable.
    func waitForAssignment(stages: [StageSpec], topic: String, failures: BenchFailures) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(90)
        var previous: [String: [String]] = [:]
        while clock.now < deadline {
            try failures.check()
            var owners: [String: [String]] = [:]
            for position in try await StageOffsetStore(client: database.client, logger: logger).positions(topic: topic)
            {
                owners[position.stage, default: []].append(position.owner ?? "")
            }
            let settled = stages.allSatisfy { stage in
                let held = owners[stage.name] ?? []
                return held.count == Int(kafka.partitions) && Set(held).count == min(options.workers, held.count)
            }
            if settled && owners == previous { return }
            previous = settled ? owners : [:]
            try await Task.sleep(for: .milliseconds(options.workers > 1 ? 1000 : 250))
        }
        throw BenchError.timedOut("the stages did not get their partitions within 90 s")
    }

    /// Produces every event (paced by the slowest stage's lag) while sampling the stages' committed offsets.
    func measure(_ events: [EventEnvelope], topic: String, stages: [String], failures: BenchFailures) async throws
        -> Measured
    {
        let tracker = CommitTracker(stages: stages, partitions: Int(kafka.partitions), expected: events.count)
        let before = ProcessUsage.now()
        let startMicros = Date().microsecondsSince1970
        let producing = Task { try await produce(events, topic: topic, tracker: tracker, failures: failures) }
        defer { producing.cancel() }
        var samples: [PipelineBenchResult.Sample] = [], peakLag: Int64 = 0, lastReport = startMicros
        let deadline = ContinuousClock.now + options.timeout
        while true {
            try failures.check()
            let offsets = try await committedOffsets(topic: topic)
            let now = Date().microsecondsSince1970
            tracker.observe(offsets, at: now)
            let sent = tracker.sentCount, committed = tracker.committedByAll
            peakLag = max(peakLag, Int64(sent) - committed)
            samples.append(
                .init(
                    seconds: Double(now - startMicros) / 1e6, sent: sent, committed: committed,
                    lag: Int64(sent) - committed))
            if now - lastReport >= 1_000_000 {
                lastReport = now
                progress(progressLine(samples, total: events.count))
            }
            if tracker.allCommitted(sent: events.count) { break }
            guard ContinuousClock.now < deadline else {
                throw BenchError.timedOut(
                    "after \(options.timeout): \(committed) of \(events.count) events committed by every stage, \(sent) sent"
                )
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let endMicros = samples.last.map { startMicros + Int64($0.seconds * 1e6) } ?? startMicros
        let produceSeconds = try await producing.value
        progress(progressLine(samples, total: events.count))
        return Measured(
            tracker: tracker, startMicros: startMicros, produceSeconds: produceSeconds, endMicros: endMicros,
            peakLag: peakLag, samples: samples, before: before, after: ProcessUsage.now())
    }

    private func progressLine(_ samples: [PipelineBenchResult.Sample], total: Int) -> String {
        guard let last = samples.last else { return "" }
        let recent = samples.last { last.seconds - $0.seconds >= 1 } ?? samples[0]
        let window = max(last.seconds - recent.seconds, 0.001)
        let rate = Double(last.committed - recent.committed) / window
        return String(
            format: "%6.1f s  sent %d/%d  committed %d  lag %d  %.0f events/s", last.seconds, last.sent, total,
            last.committed, last.lag, rate)
    }

    /// Sends the events to explicit partitions (by key, like the API), restamping occurred-at at the send.
    /// Returns the seconds from the first send to the last delivery.
    func produce(_ events: [EventEnvelope], topic: String, tracker: CommitTracker, failures: BenchFailures)
        async throws -> Double
    {
        let producer = try KafkaProducer(configuration: kafka.configuration, logger: logger)
        let maxLag = Int64(options.maxLag ?? 10_000 * Int(kafka.partitions))
        let clock = ContinuousClock()
        let started = clock.now
        for (index, original) in events.enumerated() {
            if index % 256 == 0 {
                while Int64(index) - tracker.committedByAll > maxLag {
                    try await Task.sleep(for: .milliseconds(2))
                }
                await Task.yield()
            }
            var event = original
            event.occurredAtMicros = Date().microsecondsSince1970
            let key = Self.key(of: event)
            let partition = Self.partition(of: key, count: Int(kafka.partitions))
            tracker.sent(partition: partition, occurredAtMicros: event.occurredAtMicros)
            let value = EventCodec.encode(event)
            while try producer.send(topic: topic, partition: Int32(partition), key: key, value: value) == .queueFull {
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        let undelivered = await producer.flush(timeout: .seconds(120))
        let seconds = (clock.now - started).seconds
        let failed = producer.statistics.failed
        await producer.shutdown(flushTimeout: .seconds(5))
        if undelivered > 0 || failed > 0 {
            failures.add("producer: \(undelivered) undelivered, \(failed) failed deliveries")
        }
        return seconds
    }

    /// The API's message key: the API key id, or the event id for unauthenticated requests.
    static func key(of event: EventEnvelope) -> [UInt8] {
        guard case .apiRequest(let request) = event.payload, let key = request.apiKeyID else {
            return event.id.byteArray
        }
        return key.byteArray
    }

    /// FNV-1a of the key, modulo the partition count.
    static func partition(of key: [UInt8], count: Int) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return Int(hash % UInt64(count))
    }

    /// stage -> partition -> committed next offset, for the bench topic.
    func committedOffsets(topic: String) async throws -> [String: [Int: Int64]] {
        var offsets: [String: [Int: Int64]] = [:]
        for position in try await StageOffsetStore(client: database.client, logger: logger).positions(topic: topic) {
            offsets[position.stage, default: [:]][Int(position.partition)] = position.nextOffset ?? 0
        }
        return offsets
    }
}
