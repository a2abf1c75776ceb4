import Foundation
import Logging
import Testing

@testable import MataresitKafka

@Suite("Event spool on disk")
struct EventSpoolTests {
    func folder() -> String { NSTemporaryDirectory() + "spool-test-" + UUID().uuidString }

    func records(_ count: Int) -> [SpoolRecord] {
        (0..<count).map { index in
            SpoolRecord(
                topic: "api.requests.v1", key: index.isMultiple(of: 3) ? nil : Array("key-\(index)".utf8),
                value: Array(repeating: UInt8(index % 251), count: 100 + index % 300))
        }
    }

    @Test("records survive a write, a reopen and a read, in order")
    func roundTrip() throws {
        let path = folder()
        let spool = try EventSpool(directory: path, logger: Logger(label: "test"))
        let written = records(1_000)
        spool.append(Array(written[..<600]))
        try spool.flush()
        spool.append(Array(written[600...]))
        #expect(spool.depth == 1_000)
        let segments = try spool.sealedSegments()
        #expect(segments.count == 1)
        let reopened = try EventSpool(directory: path, logger: Logger(label: "test"))
        #expect(reopened.depth == 1_000, "a restarted process sees what is waiting")
        let contents = try reopened.contents(of: segments[0])
        #expect(contents.records == written)
        #expect(contents.damage == nil)
        try reopened.remove(segments[0], drained: 1_000)
        #expect(reopened.depth == 0)
        #expect(try reopened.sealedSegments().isEmpty)
    }

    @Test("segments roll at their size bound")
    func rolling() throws {
        let spool = try EventSpool(directory: folder(), segmentBytes: 4_096, logger: Logger(label: "test"))
        for chunk in 0..<10 {
            spool.append(
                records(50).map { SpoolRecord(topic: $0.topic, key: $0.key, value: $0.value + [UInt8(chunk)]) })
            try spool.flush()
        }
        #expect(try spool.sealedSegments().count > 1)
    }

    @Test("a flipped byte and a truncated tail are reported, with what came before kept")
    func damage() throws {
        let path = folder()
        let spool = try EventSpool(directory: path, logger: Logger(label: "test"))
        spool.append(records(10))
        try spool.flush()
        spool.append(records(5))
        let segment = try #require(try spool.sealedSegments().first)
        let file = path + "/" + segment
        var bytes = [UInt8](FileManager.default.contents(atPath: file)!)

        var flipped = bytes
        flipped[flipped.count - 3] ^= 0xFF
        try Data(flipped).write(to: URL(fileURLWithPath: file))
        let corrupt = try spool.contents(of: segment)
        #expect(corrupt.records.count == 10)
        guard case .corrupt(_, let reason)? = corrupt.damage else {
            Issue.record("expected corruption, got \(String(describing: corrupt.damage))")
            return
        }
        #expect(reason == "checksum mismatch")

        bytes.removeLast(7)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let truncated = try spool.contents(of: segment)
        #expect(truncated.records.count == 10)
        guard case .truncated? = truncated.damage else {
            Issue.record("expected a truncated tail, got \(String(describing: truncated.damage))")
            return
        }
    }

    @Test("CRC-32C matches the standard check value")
    func crc() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        // Slice-by-8 over contiguous bytes against the plain bytewise definition, at every length and alignment.
        var random = SystemRandomNumberGenerator()
        let data = (0..<300).map { _ in UInt8.random(in: 0...255, using: &random) }
        for start in 0..<9 {
            for end in start...data.count where (end - start) % 7 == 0 || end - start < 20 {
                let slice = data[start..<end]
                #expect(CRC32C.checksum(slice) == Self.bytewiseCRC32C(slice))
                #expect(CRC32C.checksum(slice.lazy.map { $0 }) == Self.bytewiseCRC32C(slice))
            }
        }
    }
}

extension EventSpoolTests {
    /// CRC-32C by its definition, one bit at a time.
    static func bytewiseCRC32C(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }
}
