import Foundation
import MataresitRuntime
import MataresitStreams
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
        #expect(settings.archive == .folder(AbsolutePath.resolve(".mataresit-archive")), "absolute, from the start")
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
            ("ARCHIVE_URL", "ftp://host/archive"), ("ARCHIVE_URL", "file://relative/folder"),
            ("ARCHIVE_URL", "s3://Bad_Bucket/prefix"), ("ARCHIVE_URL", "s3://"),
            ("AWS_ENDPOINT_URL", "ftp://minio.internal"), ("AWS_S3_FORCE_PATH_STYLE", "sometimes"),
            ("AWS_MAX_ATTEMPTS", "0"), ("AWS_REGION", "EU West")
        ])
    func rejects(variable: String, value: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try RuntimeSettings(environment: [variable: value])
        }
        #expect(error.variables == [variable])
        #expect(error.description.contains(variable))
    }

    @Test("ARCHIVE_URL chooses a folder or a bucket and overrides ARCHIVE_DIR")
    func archiveLocation() throws {
        let credentials = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG"]
        let bucket = try RuntimeSettings(
            environment: credentials.merging(["ARCHIVE_URL": "s3://mataresit-archive/prod", "ARCHIVE_DIR": "x"]) { $1 })
        #expect(bucket.archive.description == "s3://mataresit-archive/prod/" && bucket.archive.folder == nil)
        let secret = try #require(bucket.entries.first { $0.variable == "AWS_SECRET_ACCESS_KEY" })
        #expect(
            secret.isSet && !bucket.entries.map(\.displayValue).joined().contains("wJalrXUtnFEMI"), "secrets masked")
        let folder = try RuntimeSettings(environment: ["ARCHIVE_URL": "file:///var/lib/mataresit/archive"])
        #expect(folder.archive == .folder("/var/lib/mataresit/archive"))
        let plain = try RuntimeSettings(environment: ["ARCHIVE_DIR": "/srv/archive"])
        #expect(plain.archive == .folder("/srv/archive"))
    }

    @Test("a bucket without credentials stops the start, naming ARCHIVE_URL and the missing variables")
    func bucketNeedsCredentials() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try RuntimeSettings(environment: ["ARCHIVE_URL": "s3://mataresit-archive/prod"])
        }
        #expect(error.variables == ["ARCHIVE_URL"])
        #expect(error.description.contains("AWS_SECRET_ACCESS_KEY"))
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
            "KAFKA_BROKERS": "kafka-1:9092, PLAINTEXT://kafka-2:9093"
        ])
        #expect(settings.databaseURL != nil)
        #expect(settings.kafkaBrokers == "kafka-1:9092, PLAINTEXT://kafka-2:9093")
    }

    @Test(
        "TRUSTED_PROXIES: empty by default (the peer is the client); addresses and CIDR blocks; anything else refused")
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

@Suite("Configuration: Kafka security and librdkafka properties, checked by librdkafka at start")
struct KafkaSettingsTests {
    @Test("the dedicated variables set librdkafka's properties; secrets are masked")
    func dedicatedVariables() throws {
        let settings = try RuntimeSettings(environment: [
            "KAFKA_BROKERS": "kafka.example.com:9093", "KAFKA_SECURITY_PROTOCOL": "sasl_ssl",
            "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512", "KAFKA_SASL_USERNAME": "mataresit",
            "KAFKA_SASL_PASSWORD": "s3cr3t-sasl-password", "KAFKA_SSL_CA_LOCATION": "/etc/ssl/certs/ca-certificates.crt"
        ])
        #expect(
            settings.kafka.properties == [
                "security.protocol": "sasl_ssl", "sasl.mechanism": "SCRAM-SHA-512", "sasl.username": "mataresit",
                "sasl.password": "s3cr3t-sasl-password", "ssl.ca.location": "/etc/ssl/certs/ca-certificates.crt"
            ])
        #expect(settings.kafka.protocolSummary == "sasl_ssl, SCRAM-SHA-512")
        let configuration = try #require(settings.kafka.configuration(clientID: "x"))
        #expect(configuration.properties["sasl.password"] == "s3cr3t-sasl-password")
        let shown = settings.entries.map(\.displayValue).joined(separator: "\n")
        #expect(!shown.contains("s3cr3t-sasl-password"), "config show masks the password")
        let credentials = ["KAFKA_SASL_USERNAME": "u", "KAFKA_SASL_PASSWORD": "p"]
        for (mechanism, extra) in [("PLAIN", credentials), ("SCRAM-SHA-256", credentials), ("OAUTHBEARER", [:])] {
            #expect(throws: Never.self) {
                try RuntimeSettings(
                    environment: ["KAFKA_SECURITY_PROTOCOL": "sasl_plaintext", "KAFKA_SASL_MECHANISM": mechanism]
                        .merging(extra) { $1 })
            }
        }
    }

    @Test(
        "KAFKA_PROPERTY_<NAME> passes any property; librdkafka refuses unknown names and bad values, naming the variable"
    )
    func anyProperty() throws {
        let settings = try RuntimeSettings(environment: ["KAFKA_PROPERTY_SOCKET_TIMEOUT_MS": "5000"])
        #expect(settings.kafka.properties["socket.timeout.ms"] == "5000")
        let problems: [(environment: [String: String], variable: String, words: String)] = [
            (["KAFKA_PROPERTY_NO_SUCH_THING": "1"], "KAFKA_PROPERTY_NO_SUCH_THING", "No such configuration property"),
            (["KAFKA_SECURITY_PROTOCOL": "tls"], "KAFKA_SECURITY_PROTOCOL", "Invalid value"),
            (
                ["KAFKA_SECURITY_PROTOCOL": "sasl_ssl", "KAFKA_SASL_MECHANISM": "KERBEROS-ISH"], "KAFKA_SASL_MECHANISM",
                "sasl.mechanism"
            ),
            (
                ["KAFKA_SECURITY_PROTOCOL": "sasl_ssl", "KAFKA_SASL_MECHANISM": "PLAIN"], "KAFKA_SASL_USERNAME",
                "sasl.username and sasl.password must be set"
            ),
            (
                ["KAFKA_SECURITY_PROTOCOL": "ssl", "KAFKA_SSL_CA_LOCATION": "/nonexistent/ca.pem"],
                "KAFKA_SSL_CA_LOCATION",
                "ssl.ca.location"
            ),
            (["KAFKA_PROPERTY_SOCKET_TIMEOUT_MS": "s3cr3t-value"], "KAFKA_PROPERTY_SOCKET_TIMEOUT_MS", "Invalid value")
        ]
        for (environment, variable, words) in problems {
            do {
                _ = try RuntimeSettings(environment: environment)
                Issue.record("\(environment) was accepted")
            } catch let error as ConfigurationError {
                let problem = try #require(error.problems.first { $0.variable == variable }, "\(error)")
                #expect(problem.problem.contains(words), "\(problem.problem)")
                #expect(!"\(error)".contains("s3cr3t-value"), "the value is never repeated")
            }
        }
    }

    @Test("KAFKA_PROPERTIES_FILE: name=value lines, comments skipped; a malformed line or a missing file is refused")
    func propertiesFile() throws {
        let path = NSTemporaryDirectory() + "kafka-\(UUID().uuidString).properties"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "# managed cluster\nsecurity.protocol = ssl\n\nsocket.timeout.ms=7000\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let settings = try RuntimeSettings(environment: [
            "KAFKA_PROPERTIES_FILE": path, "KAFKA_PROPERTY_SOCKET_TIMEOUT_MS": "9000"
        ])
        #expect(
            settings.kafka.properties == ["security.protocol": "ssl", "socket.timeout.ms": "9000"], "the variable wins")
        try "security.protocol ssl\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try RuntimeSettings(environment: ["KAFKA_PROPERTIES_FILE": path]) }
        #expect(throws: ConfigurationError.self) {
            try RuntimeSettings(environment: ["KAFKA_PROPERTIES_FILE": "/nonexistent"])
        }
    }

    @Test("DATABASE_URL problems name the TLS or pooler reason")
    func databaseURLProblems() throws {
        do {
            _ = try RuntimeSettings(environment: ["DATABASE_URL": "postgres://u:pw@db:5432/app?sslmode=on"])
            Issue.record("sslmode=on was accepted")
        } catch let error as ConfigurationError {
            #expect("\(error)".contains("sslmode 'on' is not one of"), "\(error)")
            #expect(!"\(error)".contains(":pw@"))
        }
    }
}
