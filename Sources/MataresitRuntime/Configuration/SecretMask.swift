/// Hides secrets in anything printed: `config show`, logs, error messages.
public enum SecretMask {
    /// What stands in for a secret value.
    public static let placeholder = "********"

    /// A secret, fully hidden (its length is not revealed either); empty stays empty.
    public static func masked(_ secret: String) -> String {
        secret.isEmpty ? "" : placeholder
    }

    /// `scheme://user:password@host/...` with the password replaced; any other text unchanged.
    /// A user-info without `:` (as in a Sentry DSN, whose user part is the key) is replaced whole.
    public static func maskingURLPassword(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        let userInfo = rest[..<at]
        let maskedInfo: String
        if let colon = userInfo.firstIndex(of: ":") {
            maskedInfo = String(userInfo[..<colon]) + ":" + placeholder
        } else {
            maskedInfo = placeholder
        }
        return String(url[..<schemeEnd.upperBound]) + maskedInfo + String(rest[at...])
    }
}
