import Foundation

/// A calendar date as the API accepts it: `YYYY-MM-DD` of a real day (no 30 February) in years 1 to 9999, or an
/// ISO-8601 date-time whose UTC day is one. PostgreSQL would roll `2026-02-30` over to `2026-03-02` and fails on
/// years it cannot hold, so nothing else may reach it.
public enum CalendarDate {
    public static let years = 1...9999

    /// The date normalised to `YYYY-MM-DD`, or nil when `text` is not one.
    public static func normalized(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        if bytes.count == 10 { return plainDay(bytes).map(format) }
        guard bytes.count > 10, bytes[10] == UInt8(ascii: "T"), plainDay(Array(bytes.prefix(10))) != nil,
            clockTimeIsValid(bytes.dropFirst(11)), let instant = try? Date(text, strategy: .iso8601)
        else { return nil }
        let day = Calendar.utc.dateComponents([.year, .month, .day], from: instant)
        guard let year = day.year, years.contains(year), let month = day.month, let dayOfMonth = day.day else {
            return nil
        }
        return format((year, month, dayOfMonth))
    }

    /// `YYYY-MM-DD` of a day that exists.
    static func plainDay(_ bytes: [UInt8]) -> (year: Int, month: Int, day: Int)? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
            years.contains(year), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        return (year, month, day)
    }

    /// `HH:MM` with an hour of 0-23 and a minute of 0-59, and seconds of 0-59 when present (Foundation's parser
    /// rolls `25:00` over into the next day).
    static func clockTimeIsValid(_ time: ArraySlice<UInt8>) -> Bool {
        let time = Array(time)
        guard time.count >= 5, time[2] == UInt8(ascii: ":"), let hour = number(time[0..<2]), hour < 24,
            let minute = number(time[3..<5]), minute < 60
        else { return false }
        guard time.count >= 8, time[5] == UInt8(ascii: ":") else { return true }
        return number(time[6..<8]).map { $0 < 60 } ?? false
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    private static func format(_ day: (year: Int, month: Int, day: Int)) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(padded(day.year, 4))-\(padded(day.month, 2))-\(padded(day.day, 2))"
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
