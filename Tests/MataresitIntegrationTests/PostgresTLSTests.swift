import Foundation
import Logging
import MataresitRuntime
import MataresitStore
import PostgresNIO
import Testing

/// `sslmode` and friends against private clusters on localhost: one that accepts TLS connections only (`hostssl`),
/// with a database that also demands a client certificate, and one without TLS at all. Each refusal is asserted
/// with the message a user would read.
@Suite("Postgres TLS: libpq's sslmode, certificates and refusals", .serialized)
struct PostgresTLSTests {
    static let logger = Logger(label: "test-postgres-tls")

    @Test(
        "a TLS-only server: require, prefer and verify-full connect encrypted; a wrong CA, a wrong host name and disable are refused"
    )
    func tlsOnlyServer() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        try await Self.withCluster(tls: certificates) { port in
            func url(_ query: String, host: String = "localhost") -> String {
                "postgres://mataresit@\(host):\(port)/mataresit\(query.isEmpty ? "" : "?" + query)"
            }
            let ca = certificates.authority, other = certificates.otherAuthority
            for query in [
                "sslmode=require", "", "sslmode=verify-ca&sslrootcert=\(ca)", "sslmode=verify-full&sslrootcert=\(ca)"
            ] {
                let probe = try await Self.probe(url(query))
                #expect(probe.tlsVersion?.hasPrefix("TLS") == true, "\(query): \(probe)")
            }
            let wrongCA = try await Self.refusal(url("sslmode=verify-full&sslrootcert=\(other)"))
            #expect(
                wrongCA.contains("certificate is not signed by the CA in sslrootcert"), "a wrong CA says so: \(wrongCA)"
            )
            let misnamed = url("sslmode=verify-full&sslrootcert=\(ca)&hostaddr=127.0.0.1", host: "db.mataresit.test")
            let wrongHost = try await Self.refusal(misnamed)
            #expect(wrongHost.contains("certificate does not name the host"), "a wrong host name says so: \(wrongHost)")
            let chainOnly = url("sslmode=verify-ca&sslrootcert=\(ca)&hostaddr=127.0.0.1", host: "db.mataresit.test")
            #expect(try await Self.probe(chainOnly).tlsVersion != nil, "verify-ca checks the chain, not the name")
            let address = try await Self.refusal(url("sslmode=verify-full&sslrootcert=\(ca)", host: "127.0.0.1"))
            #expect(address.contains("verify-full checks the host name"), "\(address)")
            let plaintext = try await Self.refusal(url("sslmode=disable"))
            #expect(plaintext.contains("no pg_hba.conf entry") && plaintext.contains("no encryption"), "\(plaintext)")
            // libpq's environment variables fill in what the URL does not say; the URL wins.
            let fromEnvironment = try await Self.refusal(url(""), environment: ["PGSSLMODE": "disable"])
            #expect(fromEnvironment.contains("no encryption"), "\(fromEnvironment)")
            let urlWins = try await Self.probe(url("sslmode=require"), environment: ["PGSSLMODE": "disable"])
            #expect(urlWins.tlsVersion != nil)
            // The pool (what serve and work use) speaks TLS too.
            let pooled = try DatabaseConfiguration(url: url("sslmode=verify-full&sslrootcert=\(ca)"))
            let client = PostgresClient(configuration: try pooled.clientConfiguration(), backgroundLogger: Self.logger)
            let encrypted = try await client.whileRunning {
                try await client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: Self.logger)
                    .decode(Bool.self).first { _ in true }
            }
            #expect(encrypted == true)
        }
    }

    @Test(
        "ops/backup.sh and ops/restore.sh honour the URL's sslmode: verify-full with the right CA works, a wrong CA is refused"
    )
    func backupScripts() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        try await Self.withCluster(tls: certificates) { port in
            let output = certificates.folder + "/backups"
            let url = "postgres://mataresit@localhost:\(port)/mataresit?sslmode=verify-full&sslrootcert="
            let backup = try Self.script("ops/backup.sh", [output], url: url + certificates.authority)
            #expect(backup.status == 0, "\(backup.output)")
            let dump = try #require(try FileManager.default.contentsOfDirectory(atPath: output).first)
            let restore = try Self.script("ops/restore.sh", [output + "/" + dump], url: url + certificates.authority)
            #expect(restore.status == 0, "\(restore.output)")
            let refused = try Self.script("ops/backup.sh", [output], url: url + certificates.otherAuthority)
            #expect(refused.status != 0 && refused.output.contains("certificate verify failed"), "\(refused.output)")
        }
    }

    @Test("a database that demands a client certificate: refused without one, accepted with sslcert and sslkey")
    func clientCertificate() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        try await Self.withCluster(tls: certificates) { port in
            let base =
                "postgres://mataresit@localhost:\(port)/certdb?sslmode=verify-full&sslrootcert=\(certificates.authority)"
            let refused = try await Self.refusal(base)
            // The server's words: "connection requires a valid client certificate".
            #expect(refused.contains("certificate"), "\(refused)")
            let probe = try await Self.probe(
                base + "&sslcert=\(certificates.clientCertificate)&sslkey=\(certificates.clientKey)")
            #expect(probe.tlsVersion != nil)
            let halfPair = try await Self.refusal(base + "&sslcert=\(certificates.clientCertificate)")
            #expect(halfPair.contains("sslcert and sslkey go together"), "\(halfPair)")
            let missing = try await Self.refusal(base + "&sslcert=/nonexistent.crt&sslkey=\(certificates.clientKey)")
            #expect(missing.contains("sslcert file /nonexistent.crt does not exist"), "\(missing)")
        }
    }

    @Test("a server without TLS: require and the verifying modes are refused, prefer and disable connect in plaintext")
    func plaintextServer() async throws {
        try await Self.withCluster(tls: nil) { port in
            let url = "postgres://mataresit@localhost:\(port)/mataresit"
            for mode in ["require", "verify-ca", "verify-full"] {
                let certificates = try TestCertificates()
                defer { certificates.remove() }
                let refused = try await Self.refusal(url + "?sslmode=\(mode)&sslrootcert=\(certificates.authority)")
                #expect(refused.contains("does not offer TLS and sslmode requires it"), "\(mode): \(refused)")
            }
            #expect(try await Self.probe(url + "?sslmode=prefer").tlsVersion == nil)
            #expect(try await Self.probe(url + "?sslmode=disable").tlsVersion == nil)
            let bogus = try await Self.refusal(url + "?sslmode=strict")
            #expect(
                bogus.contains("sslmode 'strict' is not one of disable, allow, prefer, require, verify-ca, verify-full")
            )
            let verifyWithoutCA = try await Self.refusal(
                url + "?sslmode=verify-full", environment: ["HOME": "/nonexistent"])
            #expect(verifyWithoutCA.contains("needs sslrootcert"), "\(verifyWithoutCA)")
        }
    }

    // MARK: - Support

    /// Runs a script of the repository with `DATABASE_URL`; its exit status and combined output.
    static func script(_ path: String, _ arguments: [String], url: String) throws -> (status: Int32, output: String) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent(path).path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["DATABASE_URL": url]) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func probe(_ url: String, environment: [String: String] = [:]) async throws -> DirectDatabaseCheck.Probe {
        let configuration = try DatabaseConfiguration(url: url, environment: environment)
        return try await DirectDatabaseCheck.probe(configuration, timeout: .seconds(5), logger: logger)
    }

    /// The message of the error connecting to `url` gives (fails the test when it connects).
    static func refusal(_ url: String, environment: [String: String] = [:]) async throws -> String {
        do {
            let probe = try await probe(url, environment: environment)
            Issue.record("\(url) connected: \(probe)")
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// A private cluster listening on localhost, TLS only with `tls` (plus `certdb`, which also demands a client
    /// certificate), or plaintext without.
    static func withCluster(tls certificates: TestCertificates?, _ body: (Int) async throws -> Void) async throws {
        let folder = NSTemporaryDirectory() + "mataresit-tls-pg-" + UUID().uuidString.prefix(8)
        let port = 20_000 + Int.random(in: 0..<10_000)
        var postgres = LocalPostgres(folder: folder, port: port)
        let access =
            certificates == nil
            ? ["host all all 127.0.0.1/32 trust", "host all all ::1/128 trust"]
            : [
                "hostssl certdb all 127.0.0.1/32 trust clientcert=verify-full",
                "hostssl certdb all ::1/128 trust clientcert=verify-full",
                "hostssl all all 127.0.0.1/32 trust", "hostssl all all ::1/128 trust"
            ]
        postgres.tcpListener = .init(
            tls: try certificates.map {
                .init(
                    certificatePEM: try $0.text($0.serverCertificate), keyPEM: try $0.text($0.serverKey),
                    clientCertificateAuthorityPEM: try $0.text($0.authority))
            },
            hostBasedAccess: access)
        defer { try? postgres.remove() }
        try postgres.start(logger: logger)
        let admin = PostgresClient(
            configuration: try postgres.configuration.clientConfiguration(), backgroundLogger: logger)
        try await admin.whileRunning { _ = try await admin.query("CREATE DATABASE certdb", logger: logger) }
        try await body(port)
        try postgres.stop()
    }
}
