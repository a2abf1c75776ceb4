import Foundation
import Testing

@testable import MataresitCore

@Suite("AccessLogRedaction")
struct AccessLogRedactionTests {
    static let event = EventEnvelope(
        occurredAtMicros: 1_760_000_000_000_000, producer: "test",
        payload: .apiRequest(
            ApiRequestEvent(
                userID: UUID(), method: "GET", path: "/api/v1/receipts", status: 200,
                clientIP: SealedValue(subject: "s", combined: [1]), userAgent: SealedValue(subject: "s", combined: [2]))
        ))

    static func row(_ policy: RedactionPolicy, ip: String = "203.0.113.77", agent: String = "Agent/1.0")
        -> AccessLogRow?
    {
        AccessLogProjection(policy: policy) { sealed in sealed.combined == [1] ? ip : agent }.row(for: event)
    }

    @Test func defaultTruncatesTheAddressAndKeepsTheAgent() {
        let row = Self.row(.default)
        #expect(row?.ipAddress == "203.0.113.0")
        #expect(row?.userAgent == "Agent/1.0")
    }

    @Test func keepStoresOnlyLiteralAddresses() {
        let policy = RedactionPolicy(accessLog: ["client_ip": "keep"])
        #expect(Self.row(policy)?.ipAddress == "203.0.113.77")
        #expect(Self.row(policy, ip: "not-an-ip")?.ipAddress == nil)
    }

    @Test func dropAndHash() {
        let policy = RedactionPolicy(accessLog: ["client_ip": "drop", "user_agent": "hash"])
        let row = Self.row(policy)
        #expect(row?.ipAddress == nil)
        #expect(row?.userAgent?.hasPrefix("sha256:") == true)
        #expect(row?.userAgent != Self.row(policy, agent: "Other/2.0")?.userAgent)
    }

    @Test func anErasedSubjectLeavesNothing() {
        let row = AccessLogProjection(policy: .default) { _ in nil }.row(for: Self.event)
        #expect(row?.ipAddress == nil && row?.userAgent == nil)
    }
}
