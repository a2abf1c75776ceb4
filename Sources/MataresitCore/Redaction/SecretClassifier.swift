/// Recognises query-string values that must never be stored: e-mail addresses, tokens, keys.
/// Errs on the side of redacting: a false positive only loses a harmless value from the log.
public enum SecretClassifier {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case email, token, key

        /// The name under which the event's `redactions` counts this kind.
        public var redactionName: String { "query_\(rawValue)" }
    }

    static let keyNames: Set<String> = [
        "key", "api_key", "apikey", "x-api-key", "secret", "client_secret", "password", "passwd", "access_key"
    ]
    static let tokenNames: Set<String> = [
        "token", "access_token", "refresh_token", "id_token", "auth", "authorization", "session", "session_id",
        "jwt", "code", "signature", "sig", "bearer"
    ]

    /// The kind of secret the parameter holds, or nil when it looks harmless.
    public static func classify(name: String, value: String) -> Kind? {
        let lowered = name.lowercased()
        if keyNames.contains(lowered) || looksLikeAPIKey(value) { return .key }
        if looksLikeEmail(value) || looksLikeEmail(name) { return .email }
        if tokenNames.contains(lowered) || looksLikeToken(value) { return .token }
        return nil
    }

    static func looksLikeAPIKey(_ value: String) -> Bool {
        value.hasPrefix("mk_live_") || value.hasPrefix("mk_test_") || value.lowercased().hasPrefix("bearer ")
    }

    static func looksLikeEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasSuffix(".") else {
            return false
        }
        return !value.contains(where: \.isWhitespace)
    }

    /// JWT-shaped (three base64url segments), or a long random-looking run of letters and digits.
    static func looksLikeToken(_ value: String) -> Bool {
        let tokenAlphabet = value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.=+/~".contains($0)) }
        guard tokenAlphabet, value.count >= 20 else { return false }
        let segments = value.split(separator: ".", omittingEmptySubsequences: false)
        if segments.count == 3, segments.allSatisfy({ $0.count >= 4 }) { return true }
        let digits = value.filter(\.isNumber).count
        let letters = value.filter(\.isLetter).count
        return value.count >= 24 && digits >= 4 && letters >= 4
    }
}
