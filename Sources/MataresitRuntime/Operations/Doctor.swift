import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import PostgresNIO

/// The pre-deployment checks of the seed's checklist (§8) that a program can make: configuration valid,
/// pipeline valid, Postgres reachable, migrations applied, pg_stat_statements present, Kafka reachable,
/// topics present with the partitions of `streams/`, the archive reachable, alert rules valid (when promtool is
/// installed).
public struct Doctor: Sendable {
    public var environment: [String: String]
    /// Used when `DATABASE_URL` is unset (e.g. the private cluster of `mataresit dev`).
    public var fallbackDatabase: DatabaseConfiguration?
    public var alertRulesPath: String
    public var logger: Logger

    public init(
        environment: [String: String], fallbackDatabase: DatabaseConfiguration? = nil,
        alertRulesPath: String = "ops/prometheus", logger: Logger
    ) {
        self.environment = environment
        self.fallbackDatabase = fallbackDatabase
        self.alertRulesPath = alertRulesPath
        self.logger = logger
    }

    public func run() async -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        let settings: RuntimeSettings
        do {
            settings = try RuntimeSettings(environment: environment)
            checks.append(.init("configuration", .pass, "\(settings.entries.count) variables valid"))
        } catch {
            return [.init("configuration", .fail, "\(error)")]
        }
        var pipeline: PipelineSpec?
        do {
            pipeline = try PipelineSpec.load(path: settings.pipelinePath)
            checks.append(
                .init(
                    "pipeline", .pass,
                    "\(settings.pipelinePath): \(pipeline!.topics.count) topics, \(pipeline!.stages.count) stages"))
        } catch {
            checks.append(.init("pipeline", .fail, "\(settings.pipelinePath): \(error)"))
        }
        checks += await databaseChecks(settings)
        if let pipeline { checks += await kafkaChecks(settings, pipeline: pipeline) }
        checks.append(await archiveCheck(settings))
        checks.append(alertRulesCheck())
        return checks
    }

    /// Postgres first through one direct connection, so a refusal shows the server's own message (a pool would
    /// retry a wrong user until a time-out); then migrations and extensions through a client.
    private func databaseChecks(_ settings: RuntimeSettings) async -> [DoctorCheck] {
        let database: DatabaseConfiguration
        do {
            if let url = settings.databaseURL {
                database = try DatabaseConfiguration(url: url)
            } else if let fallbackDatabase {
                database = fallbackDatabase
            } else {
                return [.init("postgres", .fail, "DATABASE_URL is not set")]
            }
        } catch {
            return [.init("postgres", .fail, "\(error)")]
        }
        let probe: DirectDatabaseCheck.Probe
        let client: PostgresClient
        do {
            probe = try await DirectDatabaseCheck.probe(database, timeout: .seconds(10), logger: logger)
            client = PostgresClient(configuration: try database.clientConfiguration(), backgroundLogger: logger)
        } catch {
            return [.init("postgres", .fail, "\(error)")]
        }
        let logger = logger
        let schema = try? await client.whileRunning { await Self.schemaChecks(client, logger: logger) }
        let transport =
            database.socketDirectory != nil
            ? "unix socket"
            : probe.tlsVersion.map { "\($0), sslmode=\(database.tls.mode.rawValue)" }
                ?? "no TLS, sslmode=\(database.tls.mode.rawValue)"
        return [.init("postgres", .pass, "reachable, server \(probe.serverVersion), \(transport)")] + (schema ?? [])
    }

    private static func schemaChecks(_ client: PostgresClient, logger: Logger) async -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        let expected = Set(Migration.all.map(\.version))
        if let applied = try? await Migrator(client: client, logger: logger).appliedVersions() {
            let missing = expected.subtracting(applied).sorted()
            checks.append(
                missing.isEmpty
                    ? .init("migrations", .pass, "all \(expected.count) applied")
                    : .init(
                        "migrations", .fail,
                        "pending: \(missing.map(String.init).joined(separator: ", ")) (run `mataresit migrate`)"))
        } else {
            checks.append(.init("migrations", .fail, "cannot read the applied migrations (run `mataresit migrate`)"))
        }
        let installed =
            (try? await DatabaseLiveness(client: client, logger: logger).hasExtension("pg_stat_statements")) ?? false
        checks.append(
            installed
                ? .init("pg_stat_statements", .pass, "installed")
                : .init("pg_stat_statements", .fail, "missing: CREATE EXTENSION pg_stat_statements (see ops/README.md)")
        )
        return checks
    }

    private func kafkaChecks(_ settings: RuntimeSettings, pipeline: PipelineSpec) async -> [DoctorCheck] {
        guard let brokers = settings.kafkaBrokers,
            let configuration = settings.kafka.configuration(clientID: "mataresit-doctor")
        else {
            return [.init("kafka", .skip, "KAFKA_BROKERS unset: processes start an embedded broker")]
        }
        guard let admin = try? KafkaAdmin(configuration: configuration, logger: logger) else {
            return [.init("kafka", .fail, "cannot create a client for \(brokers)")]
        }
        var checks: [DoctorCheck] = []
        for topic in pipeline.topics {
            do {
                let partitions = try await admin.partitionCount(topic: topic.name, timeout: .seconds(5))
                if checks.isEmpty {
                    checks.append(.init("kafka", .pass, "reachable at \(brokers) (\(settings.kafka.protocolSummary))"))
                }
                switch partitions {
                case .some(topic.partitions):
                    checks.append(.init("topic \(topic.name)", .pass, "\(topic.partitions) partitions"))
                case .some(let count):
                    checks.append(
                        .init(
                            "topic \(topic.name)", .fail, "\(count) partitions, streams/ declares \(topic.partitions)"))
                case .none:
                    checks.append(.init("topic \(topic.name)", .fail, "missing"))
                }
            } catch {
                let cause = admin.lastConnectionError.map { "; librdkafka: \($0)" } ?? ""
                return [.init("kafka", .fail, "\(brokers) (\(settings.kafka.protocolSummary)): \(error)\(cause)")]
            }
        }
        return checks
    }

    private func alertRulesCheck() -> DoctorCheck {
        let script = alertRulesPath + "/check.sh"
        guard FileManager.default.isExecutableFile(atPath: script) else {
            return .init("alert rules", .skip, "\(script) not found (run from the repository root)")
        }
        guard (try? ExternalTool.run("/usr/bin/env", ["sh", "-c", "command -v promtool"], quiet: true)) != nil else {
            return .init("alert rules", .skip, "promtool not installed (Debian package prometheus)")
        }
        do {
            try ExternalTool.run("/bin/bash", [script])
            return .init("alert rules", .pass, "promtool check and test rules passed")
        } catch {
            return .init("alert rules", .fail, "\(error)")
        }
    }
}
