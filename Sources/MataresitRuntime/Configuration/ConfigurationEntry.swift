/// One variable of the effective configuration, as `mataresit config show` prints it.
public struct ConfigurationEntry: Sendable, Equatable {
    /// How a value may be shown.
    public enum Sensitivity: Sendable, Equatable {
        /// Shown as is.
        case plain
        /// Never shown: only whether it is set.
        case secret
        /// A URL whose password (user-info) is masked.
        case url
    }

    /// The environment variable, e.g. `CACHE_TTL_SECONDS`.
    public var variable: String
    /// The raw value in effect (the default when unset); nil when unset without default.
    public var value: String?
    /// Whether the value came from the environment (false: the default).
    public var isSet: Bool
    public var sensitivity: Sensitivity = .plain
    /// Why a variable is accepted but has no effect, or how it maps to ours.
    public var note: String?

    /// The value safe to print: secrets replaced, URL passwords masked.
    public var displayValue: String {
        guard let value else { return "(unset)" }
        switch sensitivity {
        case .plain: return value
        case .secret: return SecretMask.masked(value)
        case .url: return SecretMask.maskingURLPassword(value)
        }
    }
}
