import Crypto
import Foundation

/// Applies the events' query-string policy to a raw query string (the part after `?`).
/// Values that look like e-mail addresses, tokens or keys are `query_secrets`; the other parameters are
/// `query_string`. Returns what may travel in the event and how many values of each kind were redacted.
public struct QueryStringRedactor: Sendable {
    public struct Outcome: Sendable, Equatable {
        /// The query string to keep (without `?`), nil when nothing is kept.
        public var kept: String?
        /// Redaction name -> count: `query_string`, `query_email`, `query_token`, `query_key`.
        public var counts: [String: UInt32]
    }

    let ordinary: RedactionAction
    let secrets: RedactionAction

    public init(policy: RedactionPolicy) {
        ordinary = policy.action(for: .queryString, in: .events)
        secrets = policy.action(for: .querySecrets, in: .events)
    }

    public func redact(_ query: String?) -> Outcome {
        guard let query, !query.isEmpty else { return Outcome(kept: nil, counts: [:]) }
        var counts: [String: UInt32] = [:]
        var kept: [String] = []
        for parameter in query.split(separator: "&", omittingEmptySubsequences: true) {
            let (name, value) = Self.split(parameter)
            if let kind = SecretClassifier.classify(name: name, value: value) {
                counts[kind.redactionName, default: 0] += 1
                if ordinary == .keep, secrets == .hash { kept.append("\(name)=\(Self.digest(value))") }
            } else if ordinary == .keep {
                kept.append(String(parameter))
            } else {
                counts[RedactionField.queryString.rawValue, default: 0] += 1
            }
        }
        return Outcome(kept: kept.isEmpty ? nil : kept.joined(separator: "&"), counts: counts)
    }

    static func split(_ parameter: Substring) -> (name: String, value: String) {
        guard let equals = parameter.firstIndex(of: "=") else { return (String(parameter), "") }
        let name = String(parameter[..<equals])
        let raw = String(parameter[parameter.index(after: equals)...])
        return (name, raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw)
    }

    /// `sha256:` and the first 16 hex digits of the value's SHA-256.
    static func digest(_ value: String) -> String {
        "sha256:" + Hex.lowercase(SHA256.hash(data: Data(value.utf8)).prefix(8))
    }
}
