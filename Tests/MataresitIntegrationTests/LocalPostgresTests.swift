import Foundation
import Logging
import MataresitRuntime
import MataresitStore
import Testing

/// The private cluster of `mataresit dev` and the benches, in folders a new user would pick.
@Suite("LocalPostgres", .serialized)
struct LocalPostgresTests {
    /// As root (how these machines and CI run), a folder under a mode-0700 parent (a `mktemp -d` folder, or
    /// `/root`) is out of the `postgres` user's reach: the cluster runs elsewhere, the folder names where, and
    /// `stop`, a second start and `remove` find it again.
    @Test("a folder the postgres user cannot reach still gets a running cluster")
    func unreachableFolder() async throws {
        let parent = NSTemporaryDirectory() + "mataresit-private-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(
            atPath: parent, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let postgres = LocalPostgres(folder: parent + "/postgres", port: 20_000 + Int.random(in: 0..<10_000))
        defer { try? postgres.remove() }
        #expect(postgres.isRelocated == (geteuid() == 0), "only root hands the cluster to another user")
        let logger = Logger(label: "test-local-postgres")
        #expect(try postgres.start(logger: logger), "the first start starts the server")
        #expect(try await DirectDatabaseCheck.serverVersion(postgres.configuration, logger: logger).isEmpty == false)
        #expect(try postgres.start(logger: logger) == false, "a running cluster is not started twice")
        if postgres.isRelocated {
            let note = try String(contentsOfFile: parent + "/postgres/cluster-location", encoding: .utf8)
            #expect(note.trimmingCharacters(in: .whitespacesAndNewlines) == postgres.folder)
        }
        try postgres.stop()
        await #expect(throws: (any Error).self) {
            try await DirectDatabaseCheck.serverVersion(postgres.configuration, timeout: .seconds(2), logger: logger)
        }
        try postgres.remove()
        #expect(!FileManager.default.fileExists(atPath: postgres.folder))
    }
}
