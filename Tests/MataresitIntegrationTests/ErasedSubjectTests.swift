import Foundation
import Logging
import MataresitCore
import MataresitStore
import MataresitStreams
import Testing

/// The access-log stage after an erasure: a key that a stage process still caches (or opened before the erasure
/// committed) must not put the erased user's personal data back into the access log, and no new key is ever made
/// for an erased subject.
@Suite("ErasedSubject")
struct ErasedSubjectTests {
    @Test func aCachedKeyOfAnErasedSubjectWritesNoPersonalData() async throws {
        try await TestDatabase.with { database in
            let wrapper = try KeyWrapper(secret: RunningSystem.encryptionSecret)
            let keys = SubjectKeyStore(client: database.client, wrapper: wrapper, logger: database.logger)
            let user = UUID(), survivor = UUID()
            var events: [EventEnvelope] = []
            for owner in [user, survivor] {
                let subject = Subject.user(owner)
                let key = try #require(try await keys.keyCreatingIfMissing(for: subject))
                let request = ApiRequestEvent(
                    userID: owner, method: "GET", path: "/api/v1/me", status: 200,
                    clientIP: try PersonalDataSealer.seal("203.0.113.50", subject: subject, key: key),
                    userAgent: try PersonalDataSealer.seal("Cached/1.0", subject: subject, key: key))
                events.append(
                    EventEnvelope(
                        occurredAtMicros: Date().microsecondsSince1970, producer: "t", payload: .apiRequest(request)))
            }
            let projection = RequestStageProjection(
                stage: "access-log", hosting: [.accessLog], client: database.client, subjectKeys: keys,
                policy: .default, logger: database.logger)
            let prepared = try await projection.prepare(events)
            #expect(prepared.rows.allSatisfy { $0.userAgent == "Cached/1.0" }, "opened with the cached keys")

            _ = try await database.client.withConnection { connection in
                try await ErasureStore.destroyKey(of: Subject.user(user), on: connection, logger: database.logger)
            }
            let written = try await database.client.withTransaction(logger: database.logger) { connection in
                try await projection.write(prepared, on: connection, logger: database.logger)
            }
            #expect(written == 2)
            #expect(
                try await database.scalar(
                    "SELECT count(*) FROM api_access_logs WHERE user_id = \(user) AND ip_address IS NULL AND user_agent IS NULL"
                ) == 1)
            #expect(
                try await database.scalar(
                    "SELECT count(*) FROM api_access_logs WHERE user_id = \(survivor) AND user_agent = 'Cached/1.0'")
                    == 1)
            #expect(try await keys.keyCreatingIfMissing(for: Subject.user(user)) == nil, "no new key after erasure")
        }
    }
}
