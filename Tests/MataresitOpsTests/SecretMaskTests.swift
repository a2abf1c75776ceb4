import MataresitRuntime
import Testing

@Suite("Secrets never printed by config show")
struct SecretMaskTests {
    @Test("URL passwords are masked, the rest kept")
    func urlPassword() {
        #expect(
            SecretMask.maskingURLPassword("postgres://postgres:s3cret@db.example.co:5432/postgres")
                == "postgres://postgres:********@db.example.co:5432/postgres")
        #expect(SecretMask.maskingURLPassword("redis://:pw@cache:6379/0") == "redis://:********@cache:6379/0")
        #expect(SecretMask.maskingURLPassword("postgres://user@host/db") == "postgres://********@host/db")
        #expect(SecretMask.maskingURLPassword("postgres://host/db?x=a@b") == "postgres://host/db?x=a@b")
        #expect(SecretMask.maskingURLPassword("no url") == "no url")
    }

    @Test("config show masks every secret of the seed")
    func showMasksSecrets() throws {
        var environment = SeedEnvironment.example
        environment["DATABASE_URL"] = "postgres://postgres:db-password-1@db.example.co:5432/postgres"
        environment["SENTRY_DSN"] = "https://sentrykey123@o1.ingest.sentry.io/42"
        environment["API_KEY_ENCRYPTION_KEY"] = String(repeating: "k", count: 40)
        let settings = try RuntimeSettings(environment: environment)
        let text = ConfigurationTable.lines(settings.entries).joined(separator: "\n")
        for secret in [
            "db-password-1", "sentrykey123", String(repeating: "k", count: 40), "your_gemini_api_key_here",
            "your_openai_api_key_here", "your_resend_api_key_here", "your_anon_key_here", "your_service_role_key_here"
        ] {
            #expect(!text.contains(secret), "config show leaks \(secret)")
        }
        #expect(text.contains("postgres://postgres:********@db.example.co:5432/postgres"))
        #expect(text.contains("CACHE_TTL_SECONDS"))
        #expect(text.contains("https://mataresit.com,https://app.mataresit.com"))
    }
}
