import Foundation
import Logging
import MataresitStore

/// A private PostgreSQL cluster in a folder of its own, on a unix socket only, started from the machine's
/// binaries (`pg_config --bindir`, else `/usr/lib/postgresql/<newest>/bin`). PostgreSQL refuses to run as
/// root, so as root the cluster belongs to the `postgres` user.
///
/// As root, a folder the `postgres` user cannot reach (under `/root`, or a `mktemp -d` folder, mode 0700) cannot
/// hold the cluster, nor can a folder so deep that the socket's path is too long: the cluster then lives in
/// ``relocationRoot`` under a name derived from the folder, and the folder keeps a `cluster-location` file naming it.
public struct LocalPostgres: Sendable {
    /// The folder asked for, absolute.
    public let requestedFolder: String
    /// Where the cluster is: ``requestedFolder``, or its relocation (see above).
    public let folder: String
    public let port: Int
    /// A TCP listener on localhost besides the socket (see ``TCPListener``); nil: the socket only.
    public var tcpListener: TCPListener?
    public static let databaseName = "mataresit"
    public static let superuser = "mataresit"

    /// `folder` may be relative: it is resolved against the current directory here, once, so every path given to
    /// the PostgreSQL tools is absolute.
    public init(folder: String, port: Int = 5432) {
        let requested = AbsolutePath.resolve(folder)
        requestedFolder = requested
        self.folder = Self.needsRelocation(requested, port: port) ? Self.relocation(of: requested) : requested
        self.port = port
    }

    /// Whether the cluster lives outside the folder asked for.
    public var isRelocated: Bool { folder != requestedFolder }

    var dataDirectory: String { folder + "/data" }
    var socketDirectory: String { folder + "/run" }
    var logFile: String { folder + "/postgres.log" }

    /// Where to connect once started.
    public var configuration: DatabaseConfiguration {
        DatabaseConfiguration(
            socketDirectory: socketDirectory, port: port, username: Self.superuser, database: Self.databaseName)
    }

    /// Initialises the cluster if needed, starts it if it is not running, and creates the database. Returns
    /// whether this call started the server (false when it was already running), so a caller stops only what it
    /// started.
    @discardableResult
    public func start(logger: Logger) throws -> Bool {
        let binaries = try Self.binaryDirectory()
        if isRelocated { try prepareRelocation(logger: logger) }
        try prepareFolders()
        if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
            logger.info("initialising a private PostgreSQL cluster", metadata: ["folder": "\(folder)"])
            try run(
                binaries + "/initdb",
                [
                    "-D", dataDirectory, "-U", Self.superuser, "--auth=trust", "-E", "UTF8",
                    "--no-locale"
                ])
            try writeSettings()
        }
        let started = !isRunning(binaries)
        if started {
            try installSettings()
            let listener = try tcpListener.map { try install($0) } ?? "-c listen_addresses=''"
            try run(
                binaries + "/pg_ctl",
                [
                    "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o",
                    "-k \(socketDirectory) -p \(port) \(listener)", "start"
                ])
        }
        let created = try? run(
            binaries + "/createdb",
            [
                "-h", socketDirectory, "-p", "\(port)", "-U", Self.superuser,
                Self.databaseName
            ], quiet: true)
        if created != nil { logger.info("created database", metadata: ["database": "\(Self.databaseName)"]) }
        do {
            try createExtensions(binaries)
        } catch {
            logger.warning("pg_stat_statements not available", metadata: ["error": "\(error)"])
        }
        return started
    }

    /// Stops the cluster if it runs (fast shutdown).
    public func stop() throws {
        let binaries = try Self.binaryDirectory()
        guard isRunning(binaries) else { return }
        try run(binaries + "/pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "stop"])
    }

    /// Stops the cluster and deletes its files (the relocated ones too).
    public func remove() throws {
        try stop()
        for path in Set([folder, requestedFolder]) where FileManager.default.fileExists(atPath: path) {
            try FileManager.default.removeItem(atPath: path)
        }
    }

    func isRunning(_ binaries: String) -> Bool {
        (try? run(binaries + "/pg_ctl", ["-D", dataDirectory, "status"], quiet: true)) != nil
    }

    private func prepareFolders() throws {
        for path in [folder, socketDirectory] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        if Self.isRoot { try ExternalTool.run("/bin/chown", ["-R", "postgres:postgres", folder]) }
    }

    /// Includes `mataresit.conf` (written by ``installSettings()``) from the cluster's postgresql.conf, once.
    private func writeSettings() throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dataDirectory + "/postgresql.conf"))
        try handle.seekToEnd()
        try handle.write(
            contentsOf: Data("\n# mataresit: ops/postgres/postgresql.conf\ninclude_if_exists 'mataresit.conf'\n".utf8))
        try handle.close()
    }

    /// Copies `ops/postgres/postgresql.conf` (the one source of the seed's settings) into the data folder as
    /// `mataresit.conf` before every start, so a changed file takes effect on the next start.
    private func installSettings() throws {
        guard let source = PostgresSettingsFile.locate() else { return }
        let target = dataDirectory + "/mataresit.conf"
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: source, toPath: target)
        if Self.isRoot { try ExternalTool.run("/bin/chown", ["postgres:postgres", target]) }
    }

    /// `pg_stat_statements` in template1 (so every database created later has it) and in ours; needs the
    /// superuser that local clusters run as. Not a migration: managed databases refuse it to the app's role.
    private func createExtensions(_ binaries: String) throws {
        for database in ["template1", Self.databaseName] {
            try run(
                binaries + "/psql",
                [
                    "-h", socketDirectory, "-p", "\(port)", "-U", Self.superuser, "-d", database,
                    "-v", "ON_ERROR_STOP=1", "-q", "-c", "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
                ], quiet: true)
        }
    }

    @discardableResult
    func run(_ tool: String, _ arguments: [String], quiet: Bool = false) throws -> String {
        if Self.isRoot {
            return try ExternalTool.run("/usr/sbin/runuser", ["-u", "postgres", "--", tool] + arguments, quiet: quiet)
        }
        return try ExternalTool.run(tool, arguments, quiet: quiet)
    }

    static var isRoot: Bool { geteuid() == 0 }

    /// The folder holding `initdb` and `pg_ctl`.
    static func binaryDirectory() throws -> String {
        if let output = try? ExternalTool.run("/usr/bin/env", ["pg_config", "--bindir"], quiet: true) {
            let path = output.trimmingCharacters(in: .whitespacesAndNewlines)
            if FileManager.default.isExecutableFile(atPath: path + "/initdb") { return path }
        }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let path = "\(root)/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: path + "/initdb") { return path }
        }
        throw RuntimeError.missingDependency(
            "PostgreSQL server binaries (initdb, pg_ctl) not found: install the Debian package 'postgresql'")
    }
}
