/// The example values of the seed document's §1 and Security Hardening, verbatim.
enum SeedEnvironment {
    static let example: [String: String] = [
        "SUPABASE_URL": "https://mpmkbtsufihzdelrlszs.supabase.co",
        "SUPABASE_ANON_KEY": "your_anon_key_here",
        "SUPABASE_SERVICE_ROLE_KEY": "your_service_role_key_here",
        "API_VERSION": "v1",
        "API_RATE_LIMIT_WINDOW": "3600",
        "API_RATE_LIMIT_MAX_REQUESTS": "1000",
        "API_KEY_ENCRYPTION_KEY": "your_32_byte_encryption_key_here",
        "CORS_ALLOWED_ORIGINS": "https://mataresit.com,https://app.mataresit.com",
        "CORS_ALLOWED_METHODS": "GET,POST,PUT,DELETE,OPTIONS",
        "CORS_ALLOWED_HEADERS": "X-API-Key,Content-Type,Authorization",
        "GEMINI_API_KEY": "your_gemini_api_key_here",
        "OPENAI_API_KEY": "your_openai_api_key_here",
        "LOG_LEVEL": "info",
        "ENABLE_PERFORMANCE_MONITORING": "true",
        "ENABLE_SECURITY_LOGGING": "true",
        "RESEND_API_KEY": "your_resend_api_key_here",
        "CACHE_TTL_SECONDS": "300",
        "CACHE_MAX_SIZE": "1000",
        "ENABLE_API_KEY_ROTATION": "true",
        "API_KEY_MAX_AGE_DAYS": "90",
        "ENABLE_REQUEST_SIGNING": "false",
        "ENABLE_IP_WHITELIST": "false",
        "RATE_LIMIT_REDIS_URL": "redis://your-redis-instance",
        "ENABLE_ADAPTIVE_RATE_LIMITING": "true",
        "RATE_LIMIT_BURST_ALLOWANCE": "20",
        "AUDIT_LOG_RETENTION_DAYS": "365",
        "ENABLE_GDPR_COMPLIANCE_LOGGING": "true",
        "LOG_SENSITIVE_DATA": "false"
    ]
}
