import Foundation
import Testing

@testable import MataresitCore

@Suite("EventResidueCheck")
struct EventResidueCheckTests {
    static let user = UUID()

    static func event(sealedWith key: DataKey, subject: String, agent: String = "Probe-Agent/9") throws -> [UInt8] {
        let request = ApiRequestEvent(
            userID: user, method: "GET", path: "/api/v1/me", status: 200,
            clientIP: try PersonalDataSealer.seal("198.51.100.4", subject: subject, key: key),
            userAgent: try PersonalDataSealer.seal(agent, subject: subject, key: key))
        return EventCodec.encode(EventEnvelope(occurredAtMicros: 1, producer: "t", payload: .apiRequest(request)))
    }

    @Test func sealedValuesAreFindingsOnlyWhileTheKeyExists() throws {
        let key = KeyWrapper.newDataKey()
        let raw = try Self.event(sealedWith: key, subject: Subject.user(Self.user))
        let check = EventResidueCheck(userID: Self.user, probes: ["Probe-Agent/9", "198.51.100.4"])
        let live = check.inspect(raw, key: key)
        #expect(live.sealedValues == 2)
        #expect(live.findings.map(\.kind) == [.openableSealedValue, .openableSealedValue])
        let shredded = check.inspect(raw, key: nil)
        #expect(shredded.sealedValues == 2)
        #expect(shredded.findings.isEmpty)
    }

    @Test func plaintextProbesAreFoundWithoutNamingTheValue() {
        let request = ApiRequestEvent(userID: Self.user, method: "GET", path: "/x?mail=jane@example.com", status: 200)
        let raw = EventCodec.encode(EventEnvelope(occurredAtMicros: 1, producer: "t", payload: .apiRequest(request)))
        let found = EventResidueCheck(userID: Self.user, probes: ["nobody", "jane@example.com"]).inspect(raw, key: nil)
        #expect(found.findings == [.init(kind: .plaintext, detail: "probe #2")])
    }

    @Test func otherSubjectsDoNotCount() throws {
        let key = KeyWrapper.newDataKey()
        let raw = try Self.event(sealedWith: key, subject: Subject.user(UUID()))
        let found = EventResidueCheck(userID: Self.user, probes: []).inspect(raw, key: key)
        #expect(found.sealedValues == 0 && found.findings.isEmpty)
    }
}
