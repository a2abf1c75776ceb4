/// Keys of outside services named by the seed. None is called by this build (search is lexical,
/// health reports `ai_service: not_configured` unless an AI key is set); all are secrets.
public struct IntegrationSettings: Sendable, Equatable {
    /// `GEMINI_API_KEY` (default unset).
    public var geminiAPIKey: String?
    /// `OPENAI_API_KEY` (default unset; the seed's fallback AI service).
    public var openAIAPIKey: String?
    /// `RESEND_API_KEY` (default unset; notification e-mail).
    public var resendAPIKey: String?
    /// `SENTRY_DSN` (default unset; optional error reporting). Its user part is a key: masked whole.
    public var sentryDSN: String?

    public init() {}

    /// Whether an AI service is configured (health's `ai_service`).
    public var aiServiceConfigured: Bool { geminiAPIKey != nil || openAIAPIKey != nil }

    init(reading reader: inout EnvironmentReader) {
        geminiAPIKey = reader.secret("GEMINI_API_KEY")
        openAIAPIKey = reader.secret("OPENAI_API_KEY", note: "fallback AI service")
        resendAPIKey = reader.secret("RESEND_API_KEY", note: "notification e-mail")
        sentryDSN = reader.url("SENTRY_DSN", schemes: ["https", "http"], sensitivity: .secret)
    }
}
