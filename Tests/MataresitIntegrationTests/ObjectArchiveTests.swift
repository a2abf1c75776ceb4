import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitObjectStore
import MataresitStore
import ServiceLifecycle
import Testing

@testable import MataresitStreams

/// The archive stage writing to S3-compatible object storage (moto), with the embedded broker and Postgres: every
/// event stored exactly once, offsets committed only after the objects that cover them are stored, and a previous
/// owner's late upload unable to replace or overlap the new owner's objects.
@Suite("Archive in object storage", .serialized, .enabled(if: TestBucket.available, TestBucket.skipReason))
struct ObjectArchiveTests {
    static let partition = TopicPartition(topic: Topics.apiRequests, partition: 0)

    @Test("every produced event is stored once in the bucket, and the committed offsets follow the objects")
    func archivesEveryEvent() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let bucket = try await TestBucket.make()
            let events = EventFactory.requestEvents(count: 600)
            try await EventFactory.produce(events, to: cluster)
            let stage = try archiveStage(database, cluster, bucket)
            #expect(try await runService(stage) { try await Self.committed(database) >= 600 })

            let archived = try await Self.archivedIDs(bucket)
            #expect(archived.count == 600)
            #expect(Set(archived) == Set(events.map(\.id)))
            let reader = ArchiveReader(storage: bucket)
            for partition in try await reader.partitions() {
                let coverage = try #require(try await reader.coverage(of: partition))
                #expect(coverage.contiguous)
                let committed = try await database.scalar(
                    """
                    SELECT next_offset FROM stage_offsets WHERE stage = 'archive' AND topic = \(partition.topic)
                    AND partition = \(Int(partition.partition))::integer
                    """)
                #expect(Int64(committed) == coverage.offsets.upperBound + 1)
                #expect(try await reader.segments(of: partition).allSatisfy(\.sealed), "every object has its index")
                let listing = try await bucket.listing(of: partition)
                #expect(listing.segments.allSatisfy { listing.summary(of: $0) != nil }, "listing alone describes them")
            }
            let verification = try await reader.verify()
            #expect(verification.problems.isEmpty && verification.events == 600)
        }
    }

    @Test("while the bucket refuses writes nothing is committed; once it takes them, everything is, once")
    func commitsOnlyWhatIsStored() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let bucket = try await TestBucket.make()
            let stage = try archiveStage(database, cluster, bucket)
            let events = EventFactory.requestEvents(count: 300)
            let outcome = try await runService(stage) {
                // Partitions taken up (their listing found the bucket empty); then the bucket goes away.
                guard stage.statistics.partitionsAssigned > 0 else { return false }
                try await bucket.client.deleteBucket(bucket.location.bucket)
                try await EventFactory.produce(events, to: cluster)
                let refused = try await eventually(timeout: .seconds(30)) { stage.statistics.diskWriteErrors > 0 }
                try #require(refused, "the stage never met the missing bucket")
                #expect(try await Self.committed(database) == 0, "nothing committed that the bucket did not take")
                try await bucket.client.createBucket(bucket.location.bucket)
                return try await eventually(timeout: .seconds(45)) { try await Self.committed(database) >= 300 }
            }
            #expect(outcome)
            let archived = try await Self.archivedIDs(bucket)
            #expect(archived.count == 300 && Set(archived) == Set(events.map(\.id)))
        }
    }

    @Test("a previous owner's late upload neither replaces nor overlaps what the new owner stored")
    func zombieUploadRefused() async throws {
        let bucket = try await TestBucket.make()
        let logger = Logger(label: "test-zombie")
        let zombie = ObjectArchivePartitionWriter(partition: Self.partition, storage: bucket, logger: logger)
        #expect(try await zombie.recover() == nil)
        try await zombie.append(Self.records(0..<100, from: "old owner"))

        // The group moves the partition: the new owner resumes after what the bucket holds.
        let owner = ObjectArchivePartitionWriter(partition: Self.partition, storage: bucket, logger: logger)
        #expect(try await owner.recover() == 100)
        try await owner.append(Self.records(100..<200, from: "new owner"))

        // The old owner, not yet fenced, uploads the batch it had in flight: the name is taken, nothing is replaced,
        // and it moves past what is stored instead of writing its version of offsets 100..<200 elsewhere.
        try await zombie.append(Self.records(100..<150, from: "old owner"))
        #expect(zombie.nextOffset == 200)
        try await zombie.append(Self.records(120..<260, from: "old owner"))
        #expect(zombie.nextOffset == 260)

        var seen: [Int64: String] = [:]
        var count = 0
        try await ArchiveReader(storage: bucket).forEachRecord(in: Self.partition) { record in
            count += 1
            seen[record.offset] = String(decoding: record.value, as: UTF8.self)
        }
        #expect(count == 260 && seen.count == 260, "every offset exactly once")
        #expect((100..<200).allSatisfy { seen[Int64($0)] == "new owner" }, "the new owner's objects stand")
        let coverage = try #require(try await ArchiveReader(storage: bucket).coverage(of: Self.partition))
        #expect(coverage.contiguous && coverage.offsets == 0...259)
    }

    @Test("a segment stored without its index (a crash between the two uploads) is indexed and resumed after")
    func segmentWithoutIndexRecovered() async throws {
        let bucket = try await TestBucket.make()
        let block = ArchiveBlock.encode(Self.records(0..<40, from: "crashed owner"))
        #expect(try await bucket.create(ArchiveLayout.segmentName(firstOffset: 0), of: Self.partition, bytes: block))
        let before = try await bucket.listing(of: Self.partition)
        #expect(before.segments.count == 1 && !before.isSealed(before.segments[0]))

        let writer = ObjectArchivePartitionWriter(
            partition: Self.partition, storage: bucket, logger: Logger(label: "t"))
        #expect(try await writer.recover() == 40)
        let after = try await bucket.listing(of: Self.partition)
        #expect(after.isSealed(after.segments[0]))
        try await writer.append(Self.records(40..<50, from: "next owner"))
        #expect(try await ArchiveReader(storage: bucket).verify().problems.isEmpty)
    }

    // MARK: helpers

    func archiveStage(_ database: TestDatabase, _ cluster: TestCluster, _ bucket: ObjectArchiveStorage) throws
        -> ArchiveStage
    {
        let spec = try #require(cluster.pipeline.stage(named: "archive"))
        return ArchiveStage(
            settings: .init(stage: spec, kafka: cluster.configuration, owner: "test-archive", storage: bucket),
            client: database.client, logger: Logger(label: "test-archive"))
    }

    static func committed(_ database: TestDatabase) async throws -> Int {
        try await database.scalar(
            "SELECT COALESCE(sum(next_offset), 0)::bigint FROM stage_offsets WHERE stage = 'archive'")
    }

    static func records(_ offsets: Range<Int64>, from writer: String) -> [ArchiveRecord] {
        offsets.map {
            ArchiveRecord(offset: $0, eventMicros: 1_700_000_000_000_000 + $0, key: nil, value: Array(writer.utf8))
        }
    }

    /// Event ids of everything archived for the requests topic, duplicates kept.
    static func archivedIDs(_ storage: any ArchiveStorage) async throws -> [UUID] {
        var ids: [UUID] = []
        try await ArchiveReader(storage: storage).forEachRecord { partition, record in
            guard partition.topic == Topics.apiRequests else { return }
            ids.append(try EventCodec.decode(record.value).id)
        }
        return ids
    }
}
