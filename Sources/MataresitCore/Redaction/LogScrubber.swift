/// LOG_SENSITIVE_DATA=false, enforced: operational log lines lose the values of personal or secret fields (by
/// metadata key) and any API key, bearer token or e-mail address found in other values or the message, whoever
/// logged them. `true` (local debugging only) leaves lines as they are.
public struct LogScrubber: Sendable {
    public static let placeholder = "[redacted]"

    /// Metadata keys whose values are never written.
    static let sensitiveKeys: Set<String> = [
        "ip", "client_ip", "ip_address", "remote_address", "x-forwarded-for", "user_agent", "user-agent", "api_key",
        "x-api-key", "apikey", "authorization", "token", "access_token", "password", "secret", "email", "body",
        "request_body", "cookie", "set-cookie"
    ]

    public let logSensitiveData: Bool

    public init(logSensitiveData: Bool) {
        self.logSensitiveData = logSensitiveData
    }

    /// The value to write for metadata `key`.
    public func value(_ value: String, forKey key: String) -> String {
        guard !logSensitiveData else { return value }
        if Self.sensitiveKeys.contains(key.lowercased()) { return Self.placeholder }
        return text(value)
    }

    /// Free text (a message, an error description) with keys, bearer tokens and e-mail addresses replaced.
    public func text(_ text: String) -> String {
        guard !logSensitiveData, Self.mightContainSecrets(text) else { return text }
        var words: [Substring] = []
        var previousWasBearer = false
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let bare = word.trimmingCharacters(in: Self.punctuation)
            let secret =
                previousWasBearer || word.contains("mk_live_") || word.contains("mk_test_")
                || SecretClassifier.looksLikeEmail(String(bare))
            previousWasBearer = bare.lowercased() == "bearer"
            words.append(secret ? Substring(Self.placeholder) : word)
        }
        return words.joined(separator: " ")
    }

    static let punctuation = Set<Character>("\"'(),;:<>[]{}")

    /// A cheap pre-check so ordinary lines are not split into words.
    static func mightContainSecrets(_ text: String) -> Bool {
        text.contains("@") || text.contains("mk_") || text.lowercased().contains("bearer ")
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> Substring {
        var result = self
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return result
    }
}
