import Foundation
import MataresitAPI
import MataresitCore
import Testing

@testable import MataresitStore

/// The API's own JSON encoder against Foundation's `JSONEncoder` configured as the API used it (sorted keys,
/// unescaped slashes, ISO-8601 timestamps with milliseconds): the bytes must be identical.
@Suite("Response JSON encoder")
struct ResponseJSONEncoderTests {
    static let reference: JSONEncoder = {
        let encoder = JSONEncoder()
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(style))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func expectSame<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = String(decoding: try Self.reference.encode(value), as: UTF8.self)
        let actual = String(buffer: try ResponseJSONEncoder.encode(value))
        #expect(actual == expected, sourceLocation: sourceLocation)
    }

    @Test("random nested values: objects, arrays, every scalar type, nulls, hostile strings")
    func randomValues() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<3_000 { try expectSame(Sample.random(depth: 3, using: &random)) }
    }

    @Test("every control character, quotes, backslashes, slashes and non-ASCII text")
    func strings() throws {
        var text = ""
        for scalar in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        text += "é😀\u{2028}\u{7f}</script>"
        try expectSame([text: text])
    }

    @Test("numbers as Foundation writes them")
    func numbers() throws {
        try expectSame([1.0, 0.1, 1e21, 1e-7, 123_456_789.125, -0.0, 3.14, Double(Float(0.1)), .greatestFiniteMagnitude]
        )
        try expectSame([Float(0.1), 1, -2.5])
        try expectSame([Decimal(string: "12.50")!, Decimal(string: "1e30")!, Decimal(string: "-0.001")!, 0])
        try expectSame([Int64.min, Int64.max, 0])
        try expectSame([UInt64.max])
    }

    @Test("timestamps match ISO8601FormatStyle to the millisecond, also before 1970 and past 9999")
    func timestamps() throws {
        var random = SplitMix64(seed: 11)
        var dates = [0, 1.9996, -0.5, -1.9996, 86_399.9996, 253_402_300_799.999, -62_135_596_800, 1e12].map(
            Date.init(timeIntervalSince1970:))
        for _ in 0..<2_000 {
            dates.append(Date(timeIntervalSince1970: Double(random.next() % 4_102_444_800_000) / 1000 + 0.0004))
        }
        try expectSame(dates)
    }

    @Test("the API's stored types: receipts and JSON values")
    func storedTypes() throws {
        let stored = """
            {"id": "\(UUID())", "user_id": "\(UUID())", "merchant": "Café \\"Zürich\\"/1", "date": "2026-11-27",
             "total": 12.30, "currency": "MYR", "payment_method": "card", "status": "unreviewed",
             "predicted_category": "Food", "processing_status": "complete", "image_url": "https://x.y/a.png",
             "fullText": "line\\nbreak\\ttab", "created_at": 1000.25, "updated_at": 812345678.9,
             "custom_category_id": "\(UUID())"}
            """
        let receipt = try JSONDecoder().decode(Receipt.self, from: Data(stored.utf8))
        try expectSame([receipt, receipt])
        try expectSame(
            JSONValue.object(["a": .array([.null, .bool(true), .number(1.5), .string("x")]), "B": .object([:])]))
    }

    @Test("a value that encodes nothing is an empty object inside, and an error at the top")
    func emptyValues() throws {
        try expectSame([Empty()])
        #expect(throws: EncodingError.self) { try ResponseJSONEncoder.encode(Empty()) }
        #expect(throws: EncodingError.self) { try ResponseJSONEncoder.encode([Double.nan]) }
    }
}

private struct Empty: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

/// A random Encodable tree that uses every container kind and scalar entry point.
private indirect enum Sample: Encodable {
    case object([String: Sample])
    case array([Sample])
    case string(String), int(Int), int8(Int8), uint32(UInt32), double(Double), bool(Bool), null, date(Date), decimal(
        Decimal)
    case url(URL), optionalString(String?)
    case keyedScalars(Int, String?, Double, Bool)

    static let keys = ["id", "user_id", "aB", "a10", "a2", "_x", "Z", "ünï", "created_at", "a/b", "q\"k"]

    static func random(depth: Int, using random: inout SplitMix64) -> Sample {
        let pick = depth > 0 ? random.next() % 14 : 2 + random.next() % 12
        switch pick {
        case 0:
            var members: [String: Sample] = [:]
            for _ in 0..<(random.next() % 5) {
                members[keys[Int(random.next() % UInt64(keys.count))]] = .random(depth: depth - 1, using: &random)
            }
            return .object(members)
        case 1: return .array((0..<(random.next() % 4)).map { _ in .random(depth: depth - 1, using: &random) })
        case 2: return .string(randomText(&random))
        case 3: return .int(Int(bitPattern: UInt(random.next())) >> Int(random.next() % 60))
        case 4: return .int8(Int8(truncatingIfNeeded: random.next()))
        case 5: return .uint32(UInt32(truncatingIfNeeded: random.next()))
        case 6: return .double(Double(Int64(bitPattern: random.next()) >> 20) / Double(1 << (random.next() % 40)))
        case 7: return .bool(random.next() % 2 == 0)
        case 8: return .null
        case 9: return .date(Date(timeIntervalSince1970: Double(random.next() % 2_000_000_000_000) / 1000))
        case 10: return .decimal(Decimal(Int(random.next() % 1_000_000)) / 100)
        case 11: return .url(URL(string: "https://example.com/r/\(random.next() % 100)?q=a%20b")!)
        case 12: return .optionalString(random.next() % 2 == 0 ? nil : randomText(&random))
        default:
            return .keyedScalars(
                Int(random.next() % 1000), random.next() % 2 == 0 ? nil : "s", Double(random.next() % 1000) / 8, true)
        }
    }

    static func randomText(_ random: inout SplitMix64) -> String {
        let pieces = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1f}", "é", "😀", "\u{2028}", "<", "&"
        ]
        return (0..<(random.next() % 8)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    enum ScalarKeys: String, CodingKey { case count, label, ratio, flag }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let members): try members.encode(to: encoder)
        case .array(let elements): try elements.encode(to: encoder)
        case .string(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .int(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .int8(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .uint32(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .double(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .bool(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
        case .date(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .decimal(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .url(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .optionalString(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .keyedScalars(let count, let label, let ratio, let flag):
            var keyed = encoder.container(keyedBy: ScalarKeys.self)
            try keyed.encode(count, forKey: .count)
            try keyed.encode(label, forKey: .label)
            try keyed.encode(-count, forKey: .count)  // the same key again: the last value stands
            try keyed.encodeIfPresent(label, forKey: .ratio)
            try keyed.encode(ratio, forKey: .ratio)
            var nested = keyed.nestedUnkeyedContainer(forKey: .flag)
            try nested.encode(flag)
            try nested.encodeNil()
            var deeper = nested.nestedContainer(keyedBy: ScalarKeys.self)
            try deeper.encode(Int64(count), forKey: .count)
        }
    }
}
