import Foundation
import Logging
import MataresitCore
import MataresitRuntime
import MataresitStreams
import Testing

/// Opt-in figures: `MATARESIT_ARCHIVE_EVENTS=N` archives N request events, then replays the access-log stage
/// from the archive alone, and prints archive bytes per event and replay events/s. Skipped when unset.
@Suite("ArchiveFigures", .serialized)
struct ArchiveFiguresTests {
    static let count = ProcessInfo.processInfo.environment["MATARESIT_ARCHIVE_EVENTS"].flatMap(Int.init)

    @Test("archive bytes per event and replay events/s", .enabled(if: count != nil))
    func figures() async throws {
        let count = try #require(Self.count)
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let stages = AggregateStages(database: database, cluster: cluster)
            let folder = NSTemporaryDirectory() + "archive-figures-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: folder) }
            for start in stride(from: 0, to: count, by: 50_000) {
                try await EventFactory.produce(
                    EventFactory.requestEvents(count: min(50_000, count - start)), to: cluster)
            }
            let archive = ArchiveStage(
                settings: .init(
                    stage: try #require(cluster.pipeline.stage(named: "archive")), kafka: cluster.configuration,
                    owner: "figures", storage: FolderArchiveStorage(root: folder)),
                client: database.client, logger: Logger(label: "figures"))
            let services = [try stages.runner("requests", owner: "figures"), archive]
            #expect(
                try await stages.run(services) { try await stages.allCommitted(count, stages: ["requests", "archive"]) }
                    == nil)
            let verification = try await ArchiveReader(directory: folder).verify()
            let progress = ReplayProgress(expected: count, isTerminal: false)
            let outcome = try await StageReplay.run(
                stage: try #require(cluster.pipeline.stage(named: "requests")), pipeline: cluster.pipeline,
                database: database.configuration, liveClient: database.client,
                keyWrapper: try KeyWrapper(secret: RunningSystem.encryptionSecret), kafka: nil,
                archive: FolderArchiveStorage(root: folder),
                bounds: ReplayBounds(), progress: progress, logger: Logger(label: "figures"))
            #expect(outcome.swapped && outcome.events == count)
            print(
                "ARCHIVE FIGURES: \(count) events, \(verification.bytes) archive bytes, "
                    + String(
                        format: "%.1f bytes/event, replay from archive %.0f events/s",
                        Double(verification.bytes) / Double(count), progress.rate))
        }
    }
}
