import Foundation
import MataresitFuzzSupport
import Testing

@testable import MataresitCore

/// The hand-written decoder of `api.request` envelopes against SwiftProtobuf: on generated events and on mutated
/// ones, `EventCodec.decode` (fast path first) and the SwiftProtobuf decoder must agree exactly: the same
/// envelope, or both refusing the input.
@Suite("api.request fast decoder")
struct ApiRequestFastDecoderTests {
    enum Outcome: Equatable {
        case decoded(EventEnvelope)
        case refused
    }

    static func outcome(_ decode: () throws -> EventEnvelope) -> Outcome {
        (try? decode()).map(Outcome.decoded) ?? .refused
    }

    static func expectAgreement(_ input: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let fast = outcome { try EventCodec.decode(input) }
        let reference = outcome { try EventCodec.decodeWithSwiftProtobuf(input) }
        #expect(fast == reference, "input \(hex(input))", sourceLocation: sourceLocation)
        return fast == reference
    }

    /// Requests with every combination of optional parts, redactions and enum values.
    static func generated(_ count: Int, random: inout SplitMix64) -> [EventEnvelope] {
        func maybeID() -> UUID? { random.next() % 3 == 0 ? nil : UUID() }
        func maybeText(_ options: [String]) -> String? {
            let pick = Int(random.next() % UInt64(options.count + 1))
            return pick == options.count ? nil : options[pick]
        }
        return (0..<count).map { _ in
            let sealed =
                random.next() % 2 == 0
                ? nil
                : SealedValue(
                    subject: "user:\(UUID().lowercased)",
                    combined: (0..<(random.next() % 40)).map { UInt8(truncatingIfNeeded: $0 * 7) })
            let request = ApiRequestEvent(
                requestID: UUID(), apiKeyID: maybeID(), apiKeyPrefix: maybeText(["mk_live_1a2b", "mk_test_zz"]),
                userID: maybeID(), teamID: maybeID(), tier: maybeText(["free", "pro", "max"]),
                method: ["GET", "POST", "DELETE", "ÜNÏ"][Int(random.next() % 4)],
                route: maybeText(["/api/v1/receipts/{id}", "/api/v1/health"]),
                path: "/api/v1/receipts/\(random.next() % 1000)", status: 100 + Int(random.next() % 500),
                errorCode: maybeText(["RATE_LIMIT_EXCEEDED"]), durationMicros: random.next() >> (random.next() % 64),
                requestBytes: random.next() % 5_000, responseBytes: random.next(),
                rateLimit: RateLimitDecision.allCases[Int(random.next() % 3)], clientIP: sealed,
                userAgent: random.next() % 2 == 0 ? nil : SealedValue(subject: "anon:2026-11-27", combined: [1, 2, 3]),
                redactions: random.next() % 2 == 0 ? [:] : ["query.email": UInt32(random.next() % 5), "": 0])
            return EventEnvelope(
                occurredAtMicros: Int64(bitPattern: random.next()) >> (random.next() % 64),
                producer: "api-\(random.next() % 9):1",
                payload: .apiRequest(request))
        }
    }

    @Test("generated requests decode by the fast path to exactly the event that was encoded")
    func generatedRequests() {
        var random = SplitMix64(seed: 3)
        for event in Self.generated(3_000, random: &random) {
            let bytes = EventCodec.encode(event)
            #expect(
                EventCodec.decodeFastPath(bytes) == event, "the fast path must take every event our producers write")
            _ = Self.expectAgreement(bytes)
        }
    }

    @Test("the hand-written encoder writes SwiftProtobuf's bytes, and both decoders read them back")
    func encoder() throws {
        var random = SplitMix64(seed: 9)
        for event in Self.generated(3_000, random: &random) {
            let fast = EventCodec.encode(event), reference = EventCodec.encodeWithSwiftProtobuf(event)
            #expect(try EventCodec.decodeWithSwiftProtobuf(fast) == event)
            #expect(EventCodec.decodeFastPath(fast) == event)
            if case .apiRequest(let request) = event.payload, request.redactions.isEmpty {
                #expect(
                    fast == reference, "without map entries (whose order is the dictionary's) the bytes are the same")
            }
        }
    }

    @Test("mutated requests and other payloads: the fast path never disagrees with SwiftProtobuf")
    func mutatedInputs() {
        var random = SplitMix64(seed: 5)
        let corpus = Self.generated(40, random: &random).map(EventCodec.encode) + EventDecoderFuzzTests.corpus()
        var run = FuzzRun(name: "fast-decoder", short: 30_000)
        var disagreements = 0
        for _ in 0..<run.executions where disagreements < 5 {
            let input = ByteMutator.mutate(
                corpus[run.random.below(corpus.count)], donor: corpus[run.random.below(corpus.count)],
                using: &run.random)
            if !Self.expectAgreement(input) { disagreements += 1 }
        }
    }

    @Test("hand-built edge cases: repeated fields, merged sub-messages, unknown fields, bad enum values")
    func edgeCases() {
        let request =
            ProtoWire.bytesField(1, Array(repeating: 1, count: 16)) + ProtoWire.stringField(7, "GET")
            + ProtoWire.stringField(9, "/x") + ProtoWire.varintField(10, 200)
        let sealedA = ProtoWire.bytesField(16, ProtoWire.stringField(1, "user:a"))
        let sealedB = ProtoWire.bytesField(16, ProtoWire.bytesField(2, [9, 9]))
        let cases: [[UInt8]] = [
            request,
            request + ProtoWire.varintField(10, 404),  // last scalar wins
            request + sealedA + sealedB,  // sub-messages merge
            request + ProtoWire.varintField(15, 7),  // unknown enum value
            request + ProtoWire.varintField(99, 1),  // unknown field
            request + ProtoWire.bytesField(2, [1, 2, 3]),  // key id of the wrong length
            request + ProtoWire.bytesField(18, ProtoWire.stringField(1, "k") + ProtoWire.varintField(2, 1))
                + ProtoWire.bytesField(18, ProtoWire.stringField(1, "k") + ProtoWire.varintField(2, 2)),
            request + ProtoWire.varintField(10, 1 << 33),
            request + ProtoWire.bytesField(8, [0xC3, 0x28])  // invalid UTF-8
        ]
        for body in cases {
            _ = Self.expectAgreement(
                ProtoWire.envelope(type: ApiRequestEvent.typeName, extra: ProtoWire.bytesField(10, body)))
            _ = Self.expectAgreement(
                ProtoWire.envelope(
                    type: ApiRequestEvent.typeName,
                    extra: ProtoWire.bytesField(10, body) + ProtoWire.bytesField(10, body)))
        }
    }
}
