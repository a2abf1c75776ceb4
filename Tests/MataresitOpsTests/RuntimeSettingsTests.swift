import MataresitRuntime
import Testing

@Suite("Configuration: every seed variable read, validated and masked")
struct RuntimeSettingsTests {
    @Test("no environment gives the documented defaults")
    func defaults() throws {
        let settings = try RuntimeSettings(environment: [:])
        #expect(settings.port == 8080)
        #expect(settings.host == "127.0.0.1")
        #expect(settings.apiVersion == "v1")
        #expect(settings.rateLimits == RateLimitSettings())
        #expect(settings.rateLimits.windowSeconds == 3600 && settings.rateLimits.maxRequests == 1000)
        #expect(settings.rateLimits.burstAllowance == 20)
        #expect(settings.security.corsAllowedMethods == ["GET", "POST", "PUT", "DELETE", "OPTIONS"])
        #expect(settings.security.keyMaxAgeDays == 90)
        #expect(settings.monitoring.cacheTTLSeconds == 300 && settings.monitoring.cacheMaxSize == 1000)
        #expect(settings.monitoring.auditRetentionDays == 365)
        #expect(settings.logSensitiveData == false)
        #expect(settings.archiveDirectory == AbsolutePath.resolve(".mataresit-archive"), "absolute, from the start")
        #expect(settings.entries.allSatisfy { !$0.isSet })
    }

    @Test("the seed's example values parse")
    func seedValues() throws {
        let settings = try RuntimeSettings(environment: SeedEnvironment.example)
        #expect(settings.security.corsAllowedOrigins == ["https://mataresit.com", "https://app.mataresit.com"])
        #expect(settings.security.corsAllowedHeaders == ["X-API-Key", "Content-Type", "Authorization"])
        #expect(settings.integrations.aiServiceConfigured)
        #expect(settings.logLevel == .info)
        #expect(settings.rateLimits.redisURL == "redis://your-redis-instance")
    }

    @Test("every variable of the seed is read", arguments: SeedEnvironment.example.keys.sorted())
    func everySeedVariableHasAHome(variable: String) throws {
        let settings = try RuntimeSettings(environment: SeedEnvironment.example)
        #expect(settings.entries.contains { $0.variable == variable && $0.isSet })
    }

    @Test(
        "a wrong value stops start-up naming the variable",
        arguments: [
            ("PORT", "eighty"), ("PORT", "70000"), ("LOG_LEVEL", "loud"), ("API_RATE_LIMIT_WINDOW", "0"),
            ("API_RATE_LIMIT_MAX_REQUESTS", "-5"), ("RATE_LIMIT_BURST_ALLOWANCE", "x"), ("CACHE_TTL_SECONDS", "5m"),
            ("CACHE_MAX_SIZE", "lots"), ("AUDIT_LOG_RETENTION_DAYS", "0"), ("API_KEY_MAX_AGE_DAYS", "99999"),
            ("ENABLE_API_KEY_ROTATION", "maybe"), ("LOG_SENSITIVE_DATA", "sometimes"), ("API_VERSION", "v2"),
            ("API_KEY_ENCRYPTION_KEY", "too-short"), ("CORS_ALLOWED_ORIGINS", "mataresit.com"),
            ("CORS_ALLOWED_ORIGINS", "https://mataresit.com/app"), ("CORS_ALLOWED_METHODS", "GET,FETCH ME"),
            ("CORS_ALLOWED_HEADERS", "X-API-Key,Bad Header"), ("DATABASE_URL", "mysql://u@h/db"),
            ("KAFKA_BROKERS", "localhost"), ("RATE_LIMIT_REDIS_URL", "http://cache"), ("SENTRY_DSN", "not a url"),
            ("SUPABASE_URL", "mpmkbtsufihzdelrlszs"), ("ENABLE_REQUEST_SIGNING", "true"),
        ])
    func rejects(variable: String, value: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try RuntimeSettings(environment: [variable: value])
        }
        #expect(error.variables == [variable])
        #expect(error.description.contains(variable))
    }

    @Test("all problems are reported at once, values never echoed")
    func allProblemsAtOnce() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try RuntimeSettings(environment: ["PORT": "x", "CACHE_MAX_SIZE": "y", "API_KEY_ENCRYPTION_KEY": "hunter2"])
        }
        #expect(Set(error.variables) == ["PORT", "CACHE_MAX_SIZE", "API_KEY_ENCRYPTION_KEY"])
        #expect(!error.description.contains("hunter2"))
    }

    @Test("flags accept true/false, 1/0, yes/no in any case")
    func flags() throws {
        let on = try RuntimeSettings(environment: ["ENABLE_SECURITY_LOGGING": "YES", "ENABLE_IP_WHITELIST": "1"])
        #expect(on.monitoring.securityLogging && on.security.ipAllowList)
        let off = try RuntimeSettings(environment: ["ENABLE_SECURITY_LOGGING": "False", "ENABLE_IP_WHITELIST": "no"])
        #expect(!off.monitoring.securityLogging && !off.security.ipAllowList)
    }

    @Test("socket and TCP database URLs and broker lists are accepted")
    func urls() throws {
        let settings = try RuntimeSettings(environment: [
            "DATABASE_URL": "postgresql://mataresit@/mataresit?host=/tmp/pg/run&port=5432",
            "KAFKA_BROKERS": "kafka-1:9092, PLAINTEXT://kafka-2:9093",
        ])
        #expect(settings.databaseURL != nil)
        #expect(settings.kafkaBrokers == "kafka-1:9092, PLAINTEXT://kafka-2:9093")
    }

    @Test("TRUSTED_PROXIES: empty by default (the peer is the client); addresses and CIDR blocks; anything else refused")
    func trustedProxies() throws {
        #expect(try RuntimeSettings(environment: [:]).security.clientAddressPolicy.trustedProxies.isEmpty)
        let listed = try RuntimeSettings(environment: ["TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.10,2001:db8::/32"])
        #expect(listed.security.clientAddressPolicy.trustedProxies.count == 3)
        for bad in ["10.0.0.0/33", "proxy.internal", "10.0.0.1,*"] {
            let error = try #require(throws: ConfigurationError.self) {
                try RuntimeSettings(environment: ["TRUSTED_PROXIES": bad])
            }
            #expect(error.variables == ["TRUSTED_PROXIES"], "\(bad)")
        }
    }

    @Test("API_KEY_MAX_ACTIVE: 50 by default; 1 to 10,000; anything else refused")
    func keyCap() throws {
        #expect(try RuntimeSettings(environment: [:]).security.keyMaxActive == 50)
        #expect(try RuntimeSettings(environment: ["API_KEY_MAX_ACTIVE": "3"]).security.keyMaxActive == 3)
        for bad in ["0", "-1", "10001", "many"] {
            let error = try #require(throws: ConfigurationError.self) {
                try RuntimeSettings(environment: ["API_KEY_MAX_ACTIVE": bad])
            }
            #expect(error.variables == ["API_KEY_MAX_ACTIVE"], "\(bad)")
        }
    }
}
