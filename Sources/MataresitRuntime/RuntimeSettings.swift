import Foundation
import Logging

/// Runtime knobs read from the environment (the pipeline's shape lives in `streams/`, not here).
public struct RuntimeSettings: Sendable {
    /// `DATABASE_URL`; nil lets `dev` start a private cluster.
    public var databaseURL: String?
    /// `KAFKA_BROKERS` (bootstrap servers); nil lets `dev` start the embedded broker.
    public var kafkaBrokers: String?
    /// `HOST` (default 127.0.0.1) and `PORT` (default 8080) of the HTTP API.
    public var host: String
    public var port: Int
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

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        databaseURL = value("DATABASE_URL")
        kafkaBrokers = value("KAFKA_BROKERS")
        host = value("HOST") ?? "127.0.0.1"
        guard let port = Int(value("PORT") ?? "8080"), (0...65535).contains(port) else {
            throw RuntimeError.configuration(variable: "PORT", problem: "must be a port number from 0 to 65535")
        }
        self.port = port
        encryptionSecret = value("API_KEY_ENCRYPTION_KEY")
        logLevel = try Self.level(value("LOG_LEVEL") ?? "info")
        logSensitiveData = try Self.flag("LOG_SENSITIVE_DATA", value("LOG_SENSITIVE_DATA") ?? "false")
        pipelinePath = value("MATARESIT_PIPELINE") ?? "streams/pipeline.yaml"
        instanceName = value("MATARESIT_INSTANCE") ?? "\(ProcessInfo.processInfo.hostName):\(getpid())"
    }

    static func level(_ text: String) throws -> Logger.Level {
        switch text.lowercased() {
        case "debug": return .debug
        case "info": return .info
        case "warn", "warning": return .warning
        case "error": return .error
        default: throw RuntimeError.configuration(variable: "LOG_LEVEL", problem: "must be debug, info, warn or error")
        }
    }

    static func flag(_ name: String, _ text: String) throws -> Bool {
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw RuntimeError.configuration(variable: name, problem: "must be true or false")
        }
    }
}
