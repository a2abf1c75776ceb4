import Foundation
import MataresitStore
import Testing

/// The COPY text writer's hand-rolled fields against the libc and Foundation forms they replaced.
@Suite("COPY text format")
struct CopyTextFormatTests {
    @Test("timestamps match gmtime_r to the microsecond, before and after the epoch")
    func timestamps() {
        var random = SystemRandomNumberGenerator()
        let samples: [Int64] =
            [0, -1, 1, 999_999, -1_000_000, 951_782_400_000_000, 253_402_300_799_999_999]
            + (0..<2_000).map { _ in Int64.random(in: -62_135_596_800_000_000...253_402_300_799_999_999, using: &random)
            }
        for micros in samples {
            var copy = CopyTextFormat()
            copy.timestamp(micros: micros)
            #expect(text(copy) == Self.reference(micros: micros), "micros \(micros)")
        }
    }

    @Test("UUIDs are lowercase and integers plain, fields tab-separated, NULL as \\N")
    func uuidsAndIntegers() {
        let id = UUID()
        var copy = CopyTextFormat()
        copy.uuid(id)
        copy.int(0)
        copy.int(Int64.max)
        copy.int(-42)
        copy.int(Int?.none)
        copy.endRow()
        #expect(text(copy) == "\(id.uuidString.lowercased())\t0\t\(Int64.max)\t-42\t\\N\n")
    }

    private func text(_ copy: CopyTextFormat) -> String {
        String(decoding: copy.buffer.readableBytesView, as: UTF8.self)
    }

    static func reference(micros: Int64) -> String {
        var (whole, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
        if fraction < 0 { fraction += 1_000_000; whole -= 1 }
        var time = time_t(whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d.%06d+00", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(fraction))
    }
}
