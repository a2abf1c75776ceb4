import Foundation
import MataresitStore
@_spi(Testing) import MataresitStreams
import Testing

struct InjectedCrash: Error {}

@Suite("Exactly-once projection: crashes, restarts, duplicates, zombies")
struct ExactlyOnceTests {
    @Test("a stage dying between writing and committing, then restarted, writes every row exactly once")
    func crashBetweenWriteAndCommit() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster(pipeline: try TestPipeline.withSmallBatches(100))
            let harness = StageHarness(database: database, cluster: cluster)
            let events = EventFactory.requestEvents(count: 1_000)
            try await EventFactory.produce(events, to: cluster)

            let crashing = try harness.runner(
                owner: "worker-a", faults: StageFaults { batch in if batch >= 3 { throw InjectedCrash() } })
            let failure = try await harness.run(crashing) { false }
            #expect(failure is InjectedCrash, "the injected crash stops the stage")
            let rowsAfterCrash = try await harness.rows
            #expect(rowsAfterCrash > 0 && rowsAfterCrash < 1_000, "some batches committed before the crash")
            #expect(
                try await harness.committedMessages == rowsAfterCrash, "the crashed batch rolled back with its offsets")

            let restarted = try harness.runner(owner: "worker-b")
            let error = try await harness.run(restarted) { try await harness.committedMessages >= 1_000 }
            #expect(error == nil)
            #expect(try await harness.rows == 1_000)
            #expect(try await harness.distinctEvents == 1_000)
        }
    }

    @Test("duplicated events (producer retries, spool re-sends) are absorbed by the event id")
    func duplicatesAreAbsorbed() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let harness = StageHarness(database: database, cluster: cluster)
            let events = EventFactory.requestEvents(count: 300)
            try await EventFactory.produce(events + events.prefix(150), to: cluster)
            let error = try await harness.run(try harness.runner(owner: "worker")) {
                try await harness.committedMessages >= 450
            }
            #expect(error == nil)
            #expect(try await harness.rows == 300)
        }
    }

    @Test("a worker whose partition was claimed again cannot commit with its old epoch")
    func staleEpochIsFenced() async throws {
        try await TestDatabase.with { database in
            let offsets = StageOffsetStore(client: database.client, logger: database.logger)
            let zombie = try await offsets.claim(stage: "s", partitions: [("t", 0)], owner: "zombie")
            let current = try await offsets.claim(stage: "s", partitions: [("t", 0)], owner: "current")
            #expect(zombie.first?.epoch == 1)
            #expect(current.first?.epoch == 2)

            func commit(epoch: Int64, offset: Int64) async throws {
                try await database.client.withTransaction(logger: database.logger) { connection in
                    try await StageOffsetStore.advance(
                        stage: "s",
                        to: [
                            PartitionPosition(
                                topic: "t", partition: 0, epoch: epoch, nextOffset: offset, newestEventMicros: 0)
                        ],
                        on: connection, logger: database.logger)
                }
            }
            await #expect(throws: (any Error).self) { try await commit(epoch: 1, offset: 99) }
            do {
                try await commit(epoch: 1, offset: 99)
            } catch {
                guard case StoreError.fenced(_, _, _, let epoch)? = StoreError.wrap(error) as? StoreError else {
                    Issue.record("expected a fencing error, got \(error)")
                    return
                }
                #expect(epoch == 1)
            }
            try await commit(epoch: 2, offset: 10)
            let stored = try await offsets.claim(stage: "s", partitions: [("t", 0)], owner: "next")
            #expect(stored.first?.nextOffset == 10, "only the current owner's commit counts")
        }
    }

    @Test("a zombie runner's batch is refused once another worker claimed its partitions")
    func zombieRunnerIsFenced() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let harness = StageHarness(database: database, cluster: cluster)
            try await EventFactory.produce(EventFactory.requestEvents(count: 50), to: cluster)
            let zombie = try harness.runner(
                owner: "zombie",
                faults: StageFaults(beforeTransaction: { _ in
                    // Another worker claims every partition while this batch is in flight.
                    let offsets = StageOffsetStore(client: database.client, logger: database.logger)
                    _ = try await offsets.claim(
                        stage: "requests", partitions: (0..<12).map { ("api.requests.v1", Int32($0)) },
                        owner: "usurper")
                }))
            let error = try await harness.run(zombie) { zombie.statistics.fencedBatches > 0 }
            #expect(error == nil)
            #expect(zombie.statistics.fencedBatches > 0)
            #expect(try await harness.rows == 0, "the fenced batch left no rows")
        }
    }
}
