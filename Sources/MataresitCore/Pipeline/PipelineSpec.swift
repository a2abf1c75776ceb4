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
        let unknown = unknownFields(in: yaml)
        guard unknown.isEmpty else {
            throw CoreError.invalidPipeline(
                problems: unknown.map { "unknown field \($0) (streams/README.md lists the fields)" })
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

    public init(name: String, partitions: Int32, retentionHours: Int) {
        self.name = name
        self.partitions = partitions
        self.retentionHours = retentionHours
    }

    enum CodingKeys: String, CodingKey {
        case name, partitions
        case retentionHours = "retention_hours"
    }
}

/// A consumer stage: what it reads and which projections it hosts. The projections of one stage share its batch:
/// events fetched and decoded once, written in one transaction with the offsets.
public struct StageSpec: Sendable, Equatable, Codable {
    /// Where a stage starts on a partition it has no offset for: the earliest event still held, or new events only.
    public enum StartPosition: String, Sendable, Codable { case earliest, latest }

    public var name: String
    public var inputs: [String]
    public var group: String
    /// The projection names as declared (`projection: x` or `projections: [x, y]`); see ``projections``.
    public var projectionNames: [String]
    public var batch: BatchSpec
    public var start: StartPosition

    /// The hosted projections this build knows (validation names the unknown ones).
    public var projections: [ProjectionKind] { projectionNames.compactMap(ProjectionKind.init(rawValue:)) }

    /// Whether the stage hosts `kind`.
    public func hosts(_ kind: ProjectionKind) -> Bool { projections.contains(kind) }

    /// The tables the stage writes, from the projection registry.
    public var tables: [String] { projections.tables }

    enum CodingKeys: String, CodingKey {
        case name, inputs, group, projection, projections, batch, start
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        inputs = try container.decode([String].self, forKey: .inputs)
        group = try container.decode(String.self, forKey: .group)
        batch = try container.decode(BatchSpec.self, forKey: .batch)
        start = try container.decode(StartPosition.self, forKey: .start)
        let one = try container.decodeIfPresent(String.self, forKey: .projection)
        let many = try container.decodeIfPresent([String].self, forKey: .projections)
        switch (one, many) {
        case (let one?, nil): projectionNames = [one]
        case (nil, let many?): projectionNames = many
        case (nil, nil):
            throw DecodingError.keyNotFound(
                CodingKeys.projections, .init(codingPath: container.codingPath, debugDescription: "projections"))
        case (_?, _?):
            throw DecodingError.dataCorruptedError(
                forKey: .projections, in: container, debugDescription: "give projection or projections, not both")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(group, forKey: .group)
        try container.encode(projectionNames, forKey: .projections)
        try container.encode(batch, forKey: .batch)
        try container.encode(start, forKey: .start)
    }
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
