import MataresitAPI

extension SecuritySettings {
    /// The API's cross-origin rules from `CORS_ALLOWED_ORIGINS`, `_METHODS` and `_HEADERS`.
    public var corsPolicy: CORSPolicy {
        CORSPolicy(
            allowedOrigins: corsAllowedOrigins, allowedMethods: corsAllowedMethods, allowedHeaders: corsAllowedHeaders)
    }
}
