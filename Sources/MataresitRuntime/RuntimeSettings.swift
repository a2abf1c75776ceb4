import Foundation
import Logging
import MataresitStreams
import MataresitStore

/// Runtime knobs read from the environment and validated at start (the pipeline's shape lives in
/// `streams/`, not here). Every variable of the seed has a home here; `ops/env.example` lists them all
/// with their defaults and `mataresit config show` prints the effective values, secrets masked.
/// An invalid value throws a ``ConfigurationError`` naming every variable at fault.
public struct RuntimeSettings: Sendable {
    /// `DATABASE_URL`; nil lets `dev` start a private cluster. On Supabase, use the project's
    /// connection string (`postgres://postgres:PASSWORD@db.REF.supabase.co:5432/postgres`).
    public var databaseURL: String?
    /// `KAFKA_BROKERS` (comma-separated `host:port` bootstrap servers); nil lets `dev` start the embedded broker.
    public var kafkaBrokers: String? { kafka.brokers }
    /// `KAFKA_BROKERS` and the security and librdkafka properties of every Kafka client (see ``KafkaSettings``).
    public var kafka: KafkaSettings
    /// `HOST` (default 127.0.0.1) and `PORT` (default 8080) of the HTTP API.
    public var host: String
    public var port: Int
    /// `METRICS_PORT`: where `mataresit work` serves `/metrics`, `/healthz` and `/readyz` (unset: not served;
    /// the API serves its own on `PORT`).
    public var metricsPort: Int?
    /// `API_KEY_ENCRYPTION_KEY`: wraps the per-subject data keys; at least 32 characters.
    public var encryptionSecret: String?
    /// `LOG_LEVEL`: debug, info, warn or error (default info).
    public var logLevel: Logger.Level
    /// `LOG_SENSITIVE_DATA`: must stay false in production; true only for local debugging.
    public var logSensitiveData: Bool
    /// `MATARESIT_PIPELINE` (default `streams/pipeline.yaml`).
    public var pipelinePath: String
    /// `MATARESIT_INSTANCE`: names this process in events and stage ownership (default host:pid).
    public var instanceName: String
    /// `ARCHIVE_URL`: where the archive stage writes its segments, `file:///path` or `s3://bucket/prefix` (with the
    /// `AWS_*` variables); else `ARCHIVE_DIR`, a folder (default `.mataresit-archive`).
    public var archive: ArchiveLocation
    /// `SPOOL_DIR`: where events wait on disk while the broker cannot take them (default `.mataresit-spool`).
    public var spoolDirectory: String
    /// `KAFKA_DELIVERY_TIMEOUT_MS`: how long the producer retries before an event goes to the spool (default 30000).
    public var deliveryTimeoutMs: Int
    /// `MATARESIT_POSTGRES_CONF`: the seed's Postgres settings for local clusters (default: `ops/postgres/postgresql.conf`
    /// found from the working directory or the source tree).
    public var postgresSettingsPath: String?
    /// `API_VERSION` (default and only supported value `v1`).
    public var apiVersion: String
    /// `API_RATE_LIMIT_*`, `RATE_LIMIT_*`, `ENABLE_ADAPTIVE_RATE_LIMITING`.
    public var rateLimits: RateLimitSettings
    /// `CORS_*`, key rotation and hardening flags.
    public var security: SecuritySettings
    /// AI, e-mail and error-reporting keys.
    public var integrations: IntegrationSettings
    /// Monitoring flags, cache and audit retention.
    public var monitoring: MonitoringSettings
    /// Every variable read, for `mataresit config show` (print ``ConfigurationEntry/displayValue`` only).
    public var entries: [ConfigurationEntry]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        var reader = EnvironmentReader(environment)
        SupabaseVariables.read(&reader)
        databaseURL = reader.string("DATABASE_URL", sensitivity: .url) { url in
            do {
                _ = try DatabaseConfiguration(url: url, environment: environment)
                return nil
            } catch {
                return "\(error)"
            }
        }
        let brokers = reader.string("KAFKA_BROKERS", note: "unset: embedded broker (dev)", check: Self.brokersProblem)
        kafka = KafkaSettings(reading: &reader, brokers: brokers, environment: environment)
        host = reader.string("HOST", default: "127.0.0.1") ?? "127.0.0.1"
        port = reader.integer("PORT", default: 8080, in: 0...65535)
        metricsPort = reader.optionalInteger("METRICS_PORT", in: 0...65535, note: "unset: workers serve no /metrics")
        encryptionSecret = reader.secret("API_KEY_ENCRYPTION_KEY", minimumLength: 32)
        apiVersion =
            reader.string("API_VERSION", default: "v1") { $0 == "v1" ? nil : "must be v1 (the only version served)" }
            ?? "v1"
        let level = reader.string("LOG_LEVEL", default: "info") {
            Self.level($0) == nil ? "must be debug, info, warn or error" : nil
        }
        logLevel = level.flatMap(Self.level) ?? .info
        logSensitiveData = reader.flag("LOG_SENSITIVE_DATA", default: false, note: "true is for local debugging only")
        pipelinePath = reader.string("MATARESIT_PIPELINE", default: "streams/pipeline.yaml") ?? "streams/pipeline.yaml"
        let defaultInstance = "\(ProcessInfo.processInfo.hostName):\(getpid())"
        instanceName = reader.string("MATARESIT_INSTANCE", default: defaultInstance) ?? defaultInstance
        archive = Self.archiveLocation(reading: &reader, environment: environment)
        spoolDirectory = AbsolutePath.resolve(
            reader.string("SPOOL_DIR", default: ".mataresit-spool") ?? ".mataresit-spool")
        deliveryTimeoutMs = reader.integer("KAFKA_DELIVERY_TIMEOUT_MS", default: 30_000, in: 1_000...3_600_000)
        postgresSettingsPath = reader.string("MATARESIT_POSTGRES_CONF")
        rateLimits = RateLimitSettings(reading: &reader)
        security = SecuritySettings(reading: &reader)
        integrations = IntegrationSettings(reading: &reader)
        monitoring = MonitoringSettings(reading: &reader)
        entries = reader.entries
        try reader.validate()
    }

    static func level(_ text: String) -> Logger.Level? {
        switch text.lowercased() {
        case "debug": return .debug
        case "info": return .info
        case "warn", "warning": return .warning
        case "error": return .error
        default: return nil
        }
    }

    /// `host:port[,host:port...]`, optionally with a `PLAINTEXT://`-style prefix per entry.
    static func brokersProblem(_ text: String) -> String? {
        for entry in text.split(separator: ",") {
            let address = entry.trimmingCharacters(in: .whitespaces).split(separator: "://").last ?? ""
            guard let colon = address.lastIndex(of: ":"), colon != address.startIndex,
                let port = Int(address[address.index(after: colon)...]), (1...65535).contains(port)
            else { return "must be comma-separated host:port addresses (e.g. localhost:9092)" }
        }
        return nil
    }
}
