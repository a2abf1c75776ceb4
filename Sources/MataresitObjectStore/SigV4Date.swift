import Foundation

/// The dates of a signature, in UTC: `20150830T123600Z` (`x-amz-date`) and `20150830` (the scope).
public enum SigV4Date {
    public static func stamp(_ date: Date) -> String {
        let parts = components(of: date)
        return day(parts) + "T" + pad(parts.hour, 2) + pad(parts.minute, 2) + pad(parts.second, 2) + "Z"
    }

    public static func day(_ date: Date) -> String { day(components(of: date)) }

    /// Parses `x-amz-date`'s form; nil for anything else.
    public static func parse(_ stamp: String) -> Date? {
        let bytes = Array(stamp.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: bytes[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15)
        else { return nil }
        let parts = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return utcCalendar.date(from: parts)
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!
        return calendar
    }()

    private static func components(of date: Date) -> DateComponents {
        utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    private static func day(_ parts: DateComponents) -> String {
        pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2)
    }

    private static func pad(_ value: Int?, _ width: Int) -> String {
        let text = String(value ?? 0)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
