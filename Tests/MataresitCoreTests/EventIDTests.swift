import Foundation
import MataresitCore
import Testing

@Suite("EventID (UUIDv7)")
struct EventIDTests {
    /// Instants given as whole Unix milliseconds.
    static let milliseconds: [UInt64] = [0, 1, 255, 256, 1_645_557_742_000, 1_767_225_600_123, 1_767_225_599_999]

    static func date(milliseconds: UInt64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1_000)
    }

    @Test("version nibble is 7 and variant bits are 10", arguments: milliseconds)
    func versionAndVariant(millis: UInt64) {
        let bytes = EventID.make(at: Self.date(milliseconds: millis)).byteArray
        #expect(bytes[6] >> 4 == 0x7)
        #expect(bytes[8] >> 6 == 0b10)
    }

    @Test("the lowercase text form and the byte initialiser agree with Foundation's")
    func lowercaseAndBytes() {
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(id.lowercased == id.uuidString.lowercased())
            #expect(UUID(bytes: id.byteArray) == id)
            #expect(UUID(bytes: Data(id.byteArray)) == id)
            #expect(UUID(bytes: id.byteArray.lazy.map { $0 }) == id)
        }
        #expect(UUID(bytes: [UInt8](repeating: 0, count: 15)) == nil)
        let ids = (0..<500).map { _ in UUID() }
        #expect(ids.sorted { $0.byteOrder < $1.byteOrder } == ids.sorted { $0.uuidString < $1.uuidString })
    }

    @Test("the text form shows version 7")
    func textForm() {
        let text = EventID.make().uuidString
        #expect(Array(text)[14] == "7")
    }

    @Test("the embedded milliseconds are the date's", arguments: milliseconds)
    func embeddedMilliseconds(millis: UInt64) {
        #expect(EventID.milliseconds(of: EventID.make(at: Self.date(milliseconds: millis))) == millis)
    }

    @Test("sub-millisecond parts of the date are dropped")
    func subMillisecondDropped() {
        let date = Date(timeIntervalSince1970: 1_767_225_600.123_9)
        #expect(EventID.milliseconds(of: EventID.make(at: date)) == 1_767_225_600_123)
    }

    @Test("the embedded milliseconds agree with the envelope's microseconds of the same date")
    func agreesWithMicroseconds() {
        for seconds in [0.000_999_9, 0.255, 1_767_225_600.999_999_6, 1_767_225_600.123_456] {
            let date = Date(timeIntervalSince1970: seconds)
            let millis = EventID.milliseconds(of: EventID.make(at: date))
            #expect(Int64(millis) == date.microsecondsSince1970 / 1_000, "\(seconds)")
        }
    }

    @Test("milliseconds of the RFC 9562 example UUIDv7")
    func rfcExample() throws {
        let id = try #require(UUID(uuidString: "017F22E2-79B0-7CC3-98C4-DC0C0C07398F"))
        #expect(EventID.milliseconds(of: id) == 0x017F_22E2_79B0)
    }

    @Test("ids made at increasing milliseconds sort increasing by bytes")
    func byteOrderFollowsTime() {
        let start: UInt64 = 1_767_225_600_000
        let steps: [UInt64] = [0, 1, 2, 255, 256, 65_535, 65_536, 86_400_000, 1 << 40]
        let ids = steps.map { EventID.make(at: Self.date(milliseconds: start + $0)) }
        for (earlier, later) in zip(ids, ids.dropFirst()) {
            #expect(earlier.byteArray.lexicographicallyPrecedes(later.byteArray))
        }
    }

    @Test("two ids of the same instant differ")
    func randomPart() {
        let date = Date()
        #expect(EventID.make(at: date) != EventID.make(at: date))
    }

    @Test("UUID(bytes:) rejects every length but 16", arguments: [0, 1, 15, 17, 32])
    func wrongLengths(length: Int) {
        #expect(UUID(bytes: [UInt8](repeating: 7, count: length)) == nil)
    }

    @Test("UUID(bytes:) and byteArray round trip in network order")
    func bytesRoundTrip() throws {
        let bytes: [UInt8] = Array(0..<16)
        let id = try #require(UUID(bytes: bytes))
        #expect(id.byteArray == bytes)
        #expect(id.uuidString == "00010203-0405-0607-0809-0A0B0C0D0E0F")
        #expect(id.lowercased == "00010203-0405-0607-0809-0a0b0c0d0e0f")
    }
}
