import Foundation
import MataresitFuzzSupport
import Testing

@testable import MataresitCore

/// Seeded mutation fuzzing of `EventCodec.decode`: every payload kind, encoded, then bit flips, edge bytes, cuts,
/// insertions, deletions, duplicated slices, huge varints and splices. Each input must decode or be refused with
/// `CoreError.undecodableEvent`, within a second; what decodes must encode and decode back to itself.
///
/// Short version in the test command (20,000 inputs). Long version, a hundred times as many, with the spool and
/// archive fuzzers:
///
///     MATARESIT_FUZZ_SCALE=100 swift test --skip-build --disable-xctest --filter Fuzz
@Suite("EventCodec fuzz")
struct EventDecoderFuzzTests {
    /// Every payload kind with every field set, and a few sparse ones. Fixed ids, so a seed replays exactly.
    static func corpus() -> [[UInt8]] {
        func id(_ byte: UInt8) -> UUID { UUID(bytes: [UInt8](repeating: byte, count: 16))! }
        let sealed = SealedValue(subject: "user:0190f3a2-0000-7000-8000-000000000001", combined: Array(0...40))
        let payloads: [EventPayload] = [
            .apiRequest(
                ApiRequestEvent(
                    requestID: id(1), apiKeyID: id(2), apiKeyPrefix: "mk_live_1a2b", userID: id(3), teamID: id(4),
                    tier: "pro", method: "POST", route: "/api/v1/receipts/{id}", path: "/api/v1/receipts/42",
                    status: 429, errorCode: "RATE_LIMIT_EXCEEDED", durationMicros: 1_234_567, requestBytes: 2_048,
                    responseBytes: UInt64.max, rateLimit: .limited, clientIP: sealed,
                    userAgent: SealedValue(subject: "anon:2026-01-01", combined: [1, 2, 3]),
                    redactions: ["query.email": 2, "query.token": 1])),
            .apiRequest(ApiRequestEvent(requestID: id(5), method: "GET", path: "/health", status: 200)),
            .apiKeyLifecycle(
                ApiKeyLifecycleEvent(
                    apiKeyID: id(6), userID: id(7), action: .rotated, actorUserID: id(8), replacedBy: id(9),
                    keyPrefix: "mk_live_9z8y", expiresAt: Date(timeIntervalSince1970: 1_800_000_000.25))),
            .securityEvent(
                SecurityEvent(
                    kind: .failedAuthBurst, requestID: id(10), apiKeyID: id(11), userID: id(12), method: "GET",
                    route: "/api/v1/receipts", detail: "20 failures in 60 s", clientIP: sealed, count: 20)),
            .adminAction(
                AdminAction(
                    actorUserID: id(13), actorApiKeyID: id(14), action: "users.set_tier", targetType: "user",
                    targetID: id(15).lowercased, attributes: ["tier": "pro", "was": "free"])),
            .erasureRequested(
                ErasureRequested(erasureID: id(16), userID: id(17), requestedBy: id(18), reason: "ticket 42")),
            .cacheInvalidation(CacheInvalidation(tags: ["user:1", "team:2"], origin: "api-1:7")),
            .deadLetter(
                DeadLetter(
                    stage: "access-log", reason: "undecodable: truncated", sourceTopic: "api.requests.v1",
                    sourcePartition: 11, sourceOffset: 123_456_789, original: [0xFF, 0x00, 0x10], originalKey: [1, 2],
                    failedAtMicros: 1_767_225_600_000_000)),
            .unknown(typeName: "receipt.created")
        ]
        return payloads.enumerated().map { index, payload in
            EventCodec.encode(
                EventEnvelope(
                    id: id(0xA0 + UInt8(index)), occurredAtMicros: 1_767_225_600_123_456, producer: "api-1:4242",
                    payload: payload))
        }
    }

    @Test("mutated envelopes decode or are refused as undecodable; nothing crashes or hangs")
    func mutatedEnvelopes() throws {
        let corpus = Self.corpus()
        var run = FuzzRun(name: "decoder", short: 20_000)
        var failures = 0
        for _ in 0..<run.executions where failures < 5 {
            let input = ByteMutator.mutate(
                corpus[run.random.below(corpus.count)], donor: corpus[run.random.below(corpus.count)],
                using: &run.random)
            let elapsed = run.execute(input) {
                let (decoded, problem) = Self.check(input)
                if let problem {
                    failures += 1
                    Issue.record("\(problem); input \(hex(input))")
                }
                return decoded
            }
            if elapsed > FuzzRun.perInputLimit {
                failures += 1
                Issue.record("input took \(elapsed): \(hex(input))")
            }
        }
        print(run.summary(acceptedAs: "decoded"))
    }

    /// A key lifecycle envelope with raw fields 1–7 of `ApiKeyLifecycle` as given.
    static func lifecycle(actorUserID: [UInt8] = [], replacedBy: [UInt8] = [], expiresAtMicros: Int64 = 0) -> [UInt8] {
        let event =
            ProtoWire.bytesField(1, Array(repeating: 1, count: 16))
            + ProtoWire.bytesField(2, Array(repeating: 2, count: 16))
            + ProtoWire.stringField(3, "rotated") + ProtoWire.bytesField(4, actorUserID)
            + ProtoWire.bytesField(5, replacedBy)
            + ProtoWire.stringField(6, "mk_live_9z8y") + ProtoWire.varintField(7, UInt64(bitPattern: expiresAtMicros))
        return ProtoWire.envelope(type: ApiKeyLifecycleEvent.typeName, extra: ProtoWire.bytesField(11, event))
    }

    @Test(
        "regression: a key expiry outside years 1–9999 is undecodable, not a trap when encoded again",
        arguments: [.max, .min, 253_402_300_800_000_001, -62_135_596_800_000_001] as [Int64])
    func expiryOutOfRange(micros: Int64) {
        #expect(Self.check(Self.lifecycle(expiresAtMicros: micros)) == (false, nil))
    }

    @Test(
        "key expiries from year 1 to 9999 still decode and re-encode",
        arguments: [
            1, 1_800_000_000_250_000, 1 << 53, 253_402_300_799_999_999, 253_402_300_800_000_000, -62_135_596_800_000_000
        ] as [Int64])
    func expiryInRange(micros: Int64) throws {
        #expect(Self.check(Self.lifecycle(expiresAtMicros: micros)) == (true, nil))
    }

    @Test(
        "regression: a key lifecycle actor or successor id that is not 16 bytes is undecodable, not silently dropped",
        arguments: [[1, 2, 3], Array(repeating: 7, count: 17)] as [[UInt8]])
    func malformedOptionalIDs(id: [UInt8]) {
        #expect(Self.check(Self.lifecycle(actorUserID: id)) == (false, nil))
        #expect(Self.check(Self.lifecycle(replacedBy: id)) == (false, nil))
    }

    /// Whether `input` decoded, and what is wrong with how it did (nil when all is well).
    static func check(_ input: [UInt8]) -> (decoded: Bool, problem: String?) {
        let decoded: EventEnvelope
        do {
            decoded = try EventCodec.decode(input)
        } catch let error as CoreError {
            return (false, error.isUndecodableEvent ? nil : "refused with \(error), not undecodableEvent")
        } catch {
            return (false, "refused with a foreign error \(error)")
        }
        // Consumers re-encode decoded events (dead letters, replay); that must neither trap nor change them.
        do {
            var again = try EventCodec.decode(EventCodec.encode(decoded))
            // Key expiries travel through a `Date` (a Double): past 2^51 µs (May 2041) they come back within
            // microseconds, not exactly.
            if case .apiKeyLifecycle(let first) = decoded.payload, case .apiKeyLifecycle(var second) = again.payload,
                let one = first.expiresAt, let other = second.expiresAt, abs(one.timeIntervalSince(other)) < 0.001
            {
                second.expiresAt = one
                again.payload = .apiKeyLifecycle(second)
            }
            return (true, again == decoded ? nil : "re-encoding changed the event: \(decoded) became \(again)")
        } catch {
            return (true, "re-encoding a decoded event made it undecodable: \(error)")
        }
    }
}
