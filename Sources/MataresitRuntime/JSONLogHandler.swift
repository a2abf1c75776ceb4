import Foundation
import Logging

/// swift-log handler writing one JSON object per line to standard error:
/// `{"timestamp":..., "level":..., "label":..., "message":..., <metadata>}`.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    static let timestampFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = "\(value)"
        }
        fields["timestamp"] = Date().formatted(Self.timestampFormat)
        fields["level"] = "\(event.level)"
        fields["label"] = label
        fields["message"] = "\(event.message)"
        guard var line = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
        line.append(0x0A)
        FileHandle.standardError.write(line)
    }
}

extension LoggingSystem {
    /// JSON lines at `level`, once per process.
    public static func bootstrapJSON(level: Logger.Level) {
        bootstrap { label in JSONLogHandler(label: label, level: level) }
    }
}
