import Foundation
import MataresitCore
import Testing

@Suite("QueryStringRedaction")
struct QueryStringRedactionTests {
    static let keeping = RedactionPolicy(events: ["query_string": "keep"])
    static let hashing = RedactionPolicy(events: ["query_string": "keep", "query_secrets": "hash"])

    @Test func byDefaultTheQueryStringIsDroppedAndCounted() {
        let decision = RequestRedaction(
            policy: .default, path: "/api/v1/receipts", query: "merchant=abc&email=a%40b.example&page=2",
            hasClientIP: true, hasUserAgent: true)
        #expect(decision.path == "/api/v1/receipts")
        #expect(decision.sealClientIP && decision.sealUserAgent)
        #expect(decision.counts == ["query_string": 2, "query_email": 1, "client_ip": 1, "user_agent": 1])
    }

    @Test func keptQueriesLoseEMailsTokensAndKeys() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
        let query =
            "merchant=Kedai+Runcit&to=jane.doe%40example.com&access_token=\(jwt)"
            + "&k=mk_live_\(String(repeating: "ab", count: 32))&page=2"
        let outcome = QueryStringRedactor(policy: Self.keeping).redact(query)
        #expect(outcome.kept == "merchant=Kedai+Runcit&page=2")
        #expect(outcome.counts == ["query_email": 1, "query_token": 1, "query_key": 1])
        #expect(!(outcome.kept ?? "").contains("example.com"))
    }

    @Test func hashedSecretsAreStableDigestsNeverValues() {
        let first = QueryStringRedactor(policy: Self.hashing).redact("api_key=s3cr3t-value&q=x")
        let second = QueryStringRedactor(policy: Self.hashing).redact("api_key=s3cr3t-value&q=x")
        #expect(first == second)
        let kept = first.kept ?? ""
        #expect(kept.hasPrefix("api_key=sha256:") && kept.hasSuffix("&q=x"))
        #expect(!kept.contains("s3cr3t"))
        #expect(first.counts == ["query_key": 1])
    }

    @Test(arguments: [
        ("email", "someone@example.org", SecretClassifier.Kind.email),
        ("q", "a.b+tag@sub.example.co", .email),
        ("token", "abc", .token),
        ("state", "Zx81kQpL02mNvR7tYw3Es9Jb", .token),
        ("password", "hunter2", .key),
        ("anything", "mk_test_0123", .key)
    ])
    func recognisesSecrets(name: String, value: String, kind: SecretClassifier.Kind) {
        #expect(SecretClassifier.classify(name: name, value: value) == kind)
    }

    @Test(arguments: [
        ("page", "2"), ("merchant", "Tesco Extra"), ("start_date", "2026-01-01"), ("sort_by", "created_at")
    ])
    func leavesOrdinaryValuesAlone(name: String, value: String) {
        #expect(SecretClassifier.classify(name: name, value: value) == nil)
    }

    @Test func noQueryNoCounts() {
        let decision = RequestRedaction(
            policy: Self.keeping, path: "/healthz", query: nil, hasClientIP: false, hasUserAgent: false)
        #expect(decision.path == "/healthz")
        #expect(decision.counts.isEmpty)
    }

    @Test func droppedPersonalFieldsAreNotSealed() {
        let policy = RedactionPolicy(events: ["client_ip": "drop", "user_agent": "drop"])
        let decision = RequestRedaction(policy: policy, path: "/", query: nil, hasClientIP: true, hasUserAgent: true)
        #expect(!decision.sealClientIP && !decision.sealUserAgent)
        #expect(decision.counts == ["client_ip": 1, "user_agent": 1])
    }
}
