import Foundation

/// An event a stage could not decode or apply, with where it came from (lives on `api.requests.dlq.v1`).
public struct DeadLetter: Sendable, Equatable {
    public static let typeName = "dead_letter"

    public var stage: String
    public var reason: String
    public var sourceTopic: String
    public var sourcePartition: Int32
    public var sourceOffset: Int64
    /// The original message value, byte for byte.
    public var original: [UInt8]
    public var originalKey: [UInt8]
    public var failedAtMicros: Int64

    public init(
        stage: String, reason: String, sourceTopic: String, sourcePartition: Int32, sourceOffset: Int64,
        original: [UInt8], originalKey: [UInt8] = [], failedAtMicros: Int64 = Date().microsecondsSince1970
    ) {
        self.stage = stage
        self.reason = reason
        self.sourceTopic = sourceTopic
        self.sourcePartition = sourcePartition
        self.sourceOffset = sourceOffset
        self.original = original
        self.originalKey = originalKey
        self.failedAtMicros = failedAtMicros
    }
}
