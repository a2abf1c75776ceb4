import Foundation
import Yams

/// The declarative pipeline of `streams/pipeline.yaml`: topics and stages. Runtime knobs (brokers, database,
/// worker count) are flags and environment variables, never part of this file.
public struct PipelineSpec: Sendable, Equatable, Codable {
    public var version: Int
    public var topics: [TopicSpec]
    public var stages: [StageSpec]
    /// The `redaction:` section; absent = `RedactionPolicy.default`.
    public var redaction: RedactionPolicy?

    /// The redaction policy in force.
    public var redactionPolicy: RedactionPolicy { redaction ?? .default }

    /// Parses and validates YAML text.
    public static func parse(yaml: String) throws -> PipelineSpec {
        let spec: PipelineSpec
        do {
            spec = try YAMLDecoder().decode(PipelineSpec.self, from: yaml)
        } catch let error as DecodingError {
            throw CoreError.invalidPipeline(problems: [Self.describe(error)])
        } catch {
            throw CoreError.invalidPipeline(problems: ["not valid YAML: \(error)"])
        }
        let problems = spec.validationProblems()
        guard problems.isEmpty else { throw CoreError.invalidPipeline(problems: problems) }
        return spec
    }

    /// Loads and validates a pipeline file.
    public static func load(path: String) throws -> PipelineSpec {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw CoreError.invalidPipeline(problems: ["cannot read \(path)"])
        }
        return try parse(yaml: text)
    }

    public func topic(named name: String) -> TopicSpec? { topics.first { $0.name == name } }
    public func stage(named name: String) -> StageSpec? { stages.first { $0.name == name } }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' at \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "bad value at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

/// A Kafka topic of the pipeline.
public struct TopicSpec: Sendable, Equatable, Codable {
    public var name: String
    public var partitions: Int32
    public var retentionHours: Int
    /// The event field used as message key (decides the partition).
    public var key: String
    /// Fully qualified protobuf message type of every message.
    public var schema: String

    public init(name: String, partitions: Int32, retentionHours: Int, key: String, schema: String) {
        self.name = name
        self.partitions = partitions
        self.retentionHours = retentionHours
        self.key = key
        self.schema = schema
    }

    enum CodingKeys: String, CodingKey {
        case name, partitions, key, schema
        case retentionHours = "retention_hours"
    }
}

/// A consumer stage: what it reads and where it writes.
public struct StageSpec: Sendable, Equatable, Codable {
    public enum StartPosition: String, Sendable, Codable { case earliest, latest }

    public var name: String
    public var inputs: [String]
    public var group: String
    public var projection: String
    public var tables: [String]
    public var batch: BatchSpec
    public var start: StartPosition
}

/// How many events a stage folds into one transaction, and how long it waits to fill a batch.
public struct BatchSpec: Sendable, Equatable, Codable {
    public var maxEvents: Int
    public var maxWaitMs: Int

    enum CodingKeys: String, CodingKey {
        case maxEvents = "max_events"
        case maxWaitMs = "max_wait_ms"
    }
}
