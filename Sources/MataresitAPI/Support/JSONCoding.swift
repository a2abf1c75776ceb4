import Foundation
import MataresitCore

/// The API's JSON conventions: ISO-8601 timestamps with milliseconds, stable key order.
enum JSONCoding {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `2026-11-27T08:15:30.123Z` (milliseconds floored, as `ISO8601FormatStyle` does). Written by hand for the
    /// years 1970-9999 (every response carries one); other dates go through the format style.
    public static func timestamp(_ date: Date) -> String {
        // From the reference date, as Foundation stores and formats it (1970-based arithmetic rounds differently).
        let interval = date.timeIntervalSinceReferenceDate
        guard interval >= -978_307_200, interval < 252_423_993_600 else { return date.formatted(timestampStyle) }
        let seconds = interval.rounded(.down)
        let millis = Int64(((interval - seconds) * 1000).rounded(.down))
        let whole = Int64(seconds) + 978_307_200
        let date = UTCTime.civil(dayNumber: whole / 86_400)
        return String(unsafeUninitializedCapacity: 24) { text in
            let target = UnsafeMutableRawBufferPointer(text)
            let written = UTCTime.writeDateTime(
                date, secondOfDay: whole % 86_400, fraction: millis, fractionDigits: 3, separator: UInt8(ascii: "T"),
                into: target)
            target[written] = UInt8(ascii: "Z")
            return written + 1
        }
    }
}
