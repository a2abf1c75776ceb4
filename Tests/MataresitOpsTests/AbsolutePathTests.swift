import Foundation
import MataresitRuntime
import MataresitStreams
import Testing

/// Relative folders are resolved once, against the current directory: PostgreSQL resolves a relative socket
/// folder against its own data directory, which made `ops/dev.sh`'s default `.mataresit-dev` fail to start.
@Suite("AbsolutePath")
struct AbsolutePathTests {
    @Test(
        "relative paths resolve against the given directory, absolute ones stay",
        arguments: [
            (".mataresit-dev", "/repo/.mataresit-dev"),
            ("./a/../b/", "/repo/b"),
            ("/var/lib/x", "/var/lib/x"),
            ("../up", "/up")
        ])
    func resolves(path: String, expected: String) {
        #expect(AbsolutePath.resolve(path, in: "/repo") == expected)
    }

    @Test("the default directory is the current one")
    func currentDirectory() {
        let current = FileManager.default.currentDirectoryPath
        #expect(AbsolutePath.resolve("x") == (current + "/x" as NSString).standardizingPath)
    }

    @Test("LocalPostgres and the settings hold absolute folders only")
    func everyFolderIsAbsolute() throws {
        let postgres = LocalPostgres(folder: ".mataresit-dev/postgres")
        #expect(postgres.requestedFolder.hasPrefix("/"))
        #expect(postgres.folder.hasPrefix("/"))
        #expect(postgres.configuration.socketDirectory?.hasPrefix("/") == true)
        let settings = try RuntimeSettings(environment: ["ARCHIVE_DIR": "arch", "SPOOL_DIR": "./spool"])
        #expect(settings.archive == .folder(AbsolutePath.resolve("arch")))
        #expect(settings.spoolDirectory == AbsolutePath.resolve("spool"))
    }

    @Test("a folder too deep for a unix socket's path puts the cluster elsewhere, the same place every time")
    func deepFolderRelocates() {
        let deep = "/tmp/" + String(repeating: "very-long-folder-name/", count: 5) + "postgres"
        let postgres = LocalPostgres(folder: deep)
        #expect(postgres.isRelocated)
        #expect(postgres.folder.hasPrefix(LocalPostgres.relocationRoot))
        #expect(LocalPostgres(folder: deep).folder == postgres.folder)
        #expect(LocalPostgres(folder: deep + "-other").folder != postgres.folder)
        #expect(!LocalPostgres(folder: "/tmp/short/postgres").isRelocated)
    }
}
