import Foundation
import Logging
import MataresitCore

/// swift-log handler writing one JSON object per line to standard error:
/// `{"timestamp":..., "level":..., "label":..., "message":..., <metadata>}`. Unless `LOG_SENSITIVE_DATA=true`,
/// every line goes through `LogScrubber` (no IPs, user agents, keys, tokens or e-mail addresses).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let scrubber: LogScrubber

    public init(label: String, level: Logger.Level, logSensitiveData: Bool = false) {
        self.label = label
        self.logLevel = level
        scrubber = LogScrubber(logSensitiveData: logSensitiveData)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    static let timestampFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = scrubber.value("\(value)", forKey: key)
        }
        fields["timestamp"] = Date().formatted(Self.timestampFormat)
        fields["level"] = "\(event.level)"
        fields["label"] = label
        fields["message"] = scrubber.text("\(event.message)")
        guard var line = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
        line.append(0x0A)
        FileHandle.standardError.write(line)
    }
}

extension LoggingSystem {
    /// JSON lines at `level`, once per process; scrubbed unless `logSensitiveData` (`LOG_SENSITIVE_DATA`).
    public static func bootstrapJSON(level: Logger.Level, logSensitiveData: Bool = false) {
        bootstrap { label in JSONLogHandler(label: label, level: level, logSensitiveData: logSensitiveData) }
    }
}
