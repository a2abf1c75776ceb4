import Foundation
import MataresitCore
import NIOCore
import Testing

@testable import MataresitAPI
@testable import MataresitStore

/// The hand-ordered writers of ``DirectJSON`` against the generic encoder's output of the same value through
/// `encode(to:)` (itself held to Foundation's `JSONEncoder` by `ResponseJSONEncoderTests`): identical bytes.
@Suite("Direct JSON writers")
struct DirectJSONTests {
    /// What `encode(to:)` writes, bypassing the direct path.
    func generic<T: Encodable>(_ value: T) throws -> String {
        let encoder = NodeEncoder(path: nil)
        try value.encode(to: encoder)
        var writer = JSONNodeWriter(buffer: ByteBuffer())
        writer.write(try #require(encoder.node))
        return String(buffer: writer.buffer)
    }

    func expectSame<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let direct = String(buffer: try ResponseJSONEncoder.encode(value))
        #expect(direct == (try generic(value)), sourceLocation: sourceLocation)
    }

    static func text(_ random: inout SplitMix64) -> String? {
        let pool = ["Tesco", "Café \"Ü\" \\ / <b>", "", "line\nbreak\t\u{1}", "😀 日本", "a/b"]
        return random.next() % 4 == 0 ? nil : pool[Int(random.next() % UInt64(pool.count))]
    }

    static func receipt(_ random: inout SplitMix64) -> Receipt {
        func id() -> UUID? { random.next() % 3 == 0 ? nil : UUID() }
        let amount = Decimal(Int(random.next() % 2_000_000)) / 100
        return Receipt(
            id: UUID(), userID: UUID(), teamID: id(), merchant: text(&random) ?? "M",
            normalizedMerchant: text(&random), date: "2026-11-0\(random.next() % 9 + 1)", total: amount,
            tax: random.next() % 2 == 0 ? nil : amount / 7, currency: "EUR", paymentMethod: text(&random),
            status: "unreviewed", category: text(&random), processingStatus: "complete", imageURL: text(&random),
            thumbnailURL: text(&random), fullText: text(&random),
            createdAt: Date(timeIntervalSince1970: Double(random.next() % 2_000_000_000) + 0.123),
            updatedAt: Date(), customCategoryID: id())
    }

    @Test("receipts: random fields, nulls, hostile text, decimals")
    func receipts() throws {
        var random = SplitMix64(seed: 3)
        for _ in 0..<500 { try expectSame(Self.receipt(&random)) }
        try expectSame((0..<20).map { _ in Self.receipt(&random) })
    }

    @Test("the health answer, with the usual and with other features")
    func health() throws {
        let lag = [StageLag(stage: "requests", messages: 3, seconds: 1.5)]
        for features in [Health.allFeatures, ["receipts": false]] {
            let health = Health(
                status: "healthy", version: "v1", function: "external-api", timestamp: Date(),
                user: .init(id: "u\"1", scopes: ["receipts:read", "search:read"]), mode: "test", features: features,
                database: true, kafka: false, lag: lag, aiService: "not_configured", limits: .init(tier: "pro"))
            try expectSame(health)
        }
    }
}
