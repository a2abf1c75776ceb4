import CRDKafka
import Foundation

/// Asks librdkafka itself whether it accepts a set of properties, so that a misspelt or unsupported property (or a
/// feature this build of librdkafka lacks, or a CA file it cannot read) stops the program at start, naming it.
public enum KafkaPropertyCheck {
    /// The problem with each refused property, in order: librdkafka's own words, with the value never repeated.
    /// Each property is set on its own first; if all are accepted, a client is created from them (and destroyed at
    /// once, before it connects anywhere), which checks what only a client checks (SASL mechanisms, TLS files).
    public static func problems(_ properties: [(String, String)]) -> [(property: String, problem: String)] {
        let refused = properties.compactMap { key, value in
            refusal(key, value).map { (property: key, problem: redact($0, properties)) }
        }
        guard refused.isEmpty, !properties.isEmpty else { return refused }
        guard let problem = clientRefusal(properties) else { return [] }
        return [(named(in: problem, properties) ?? "", redact(problem, properties))]
    }

    /// The property a client's refusal is about: one it names (set or not), preferring the longest name, or the one
    /// its words describe.
    private static func named(in problem: String, _ properties: [(String, String)]) -> String? {
        if problem.contains("SASL mechanism") { return "sasl.mechanism" }
        let words = problem.split { !($0.isLetter || $0.isNumber || $0 == "." || $0 == "_") }.map(String.init)
        let candidates = words.filter { $0.contains(".") && $0.first!.isLetter }
        return properties.map(\.0).filter { candidates.contains($0) }.max { $0.count < $1.count } ?? candidates.first
    }

    private static func refusal(_ key: String, _ value: String) -> String? {
        guard let conf = rd_kafka_conf_new() else { return nil }
        defer { rd_kafka_conf_destroy(conf) }
        var errstr = [CChar](repeating: 0, count: 512)
        guard rd_kafka_conf_set(conf, key, value, &errstr, errstr.count) != RD_KAFKA_CONF_OK else { return nil }
        return text(errstr)
    }

    private static func clientRefusal(_ properties: [(String, String)]) -> String? {
        guard let conf = rd_kafka_conf_new() else { return nil }
        var errstr = [CChar](repeating: 0, count: 512)
        for (key, value) in properties + [("log_level", "0")] {
            _ = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
        }
        guard let client = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            return text(errstr)
        }
        rd_kafka_destroy(client)
        return nil
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The message with every property value replaced where it stands as a word of its own, so a secret never
    /// reaches a log or a terminal (`ssl` in `ssl.ca.location` is a name, not the value `ssl`).
    static func redact(_ message: String, _ properties: [(String, String)]) -> String {
        properties.reduce(message) { text, property in
            guard !property.1.isEmpty else { return text }
            let pattern = "(?<![\\w.])" + NSRegularExpression.escapedPattern(for: property.1) + "(?![\\w.])"
            return text.replacingOccurrences(of: pattern, with: "…", options: .regularExpression)
        }
    }
}
