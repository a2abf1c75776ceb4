/// Integer UTC calendar arithmetic on microsecond instants. No `Calendar` and no formatter: these run once per
/// event on the projection path, and must agree with Postgres' `date_trunc('hour'|'day', ts AT TIME ZONE 'UTC')`.
public enum UTCTime {
    public static let microsPerHour: Int64 = 3_600_000_000
    public static let microsPerDay: Int64 = 86_400_000_000

    /// Days since 1970-01-01 of the UTC day holding `micros` (floored, so instants before 1970 work too).
    public static func dayNumber(micros: Int64) -> Int64 { floorDivide(micros, microsPerDay) }

    /// The start of the UTC hour holding `micros`, in microseconds since the epoch.
    public static func hourStart(micros: Int64) -> Int64 { floorDivide(micros, microsPerHour) * microsPerHour }

    /// `yyyy-MM-dd` of a day number.
    public static func dateText(dayNumber: Int64) -> String {
        let (year, month, day) = civil(dayNumber: dayNumber)
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// `yyyy-MM-dd HH:mm:ss.ffffff+00`: exact to the microsecond, as Postgres reads a `timestamptz`.
    public static func timestampText(micros: Int64) -> String {
        let day = dayNumber(micros: micros)
        let inDay = micros - day * microsPerDay
        let seconds = inDay / 1_000_000, fraction = inDay % 1_000_000
        let clock = padded(seconds / 3600, 2) + ":" + padded(seconds / 60 % 60, 2) + ":" + padded(seconds % 60, 2)
        return dateText(dayNumber: day) + " " + clock + "." + padded(fraction, 6) + "+00"
    }

    /// Writes `yyyy-MM-dd<separator>HH:mm:ss.<fraction>` into `target`, which must hold 20 + `fractionDigits`
    /// bytes, and returns that count. `date` comes from `civil(dayNumber:)`, with a year in 0...9999.
    public static func writeDateTime(
        _ date: (year: Int64, month: Int64, day: Int64), secondOfDay: Int64, fraction: Int64, fractionDigits: Int,
        separator: UInt8, into target: UnsafeMutableRawBufferPointer
    ) -> Int {
        precondition((0...9999).contains(date.year) && target.count >= 20 + fractionDigits)
        var written = 0
        func number(_ value: Int64, width: Int) {
            var remaining = value
            for offset in stride(from: width - 1, through: 0, by: -1) {
                target[written + offset] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
            written += width
        }
        func byte(_ value: UInt8) {
            target[written] = value
            written += 1
        }
        number(date.year, width: 4)
        byte(UInt8(ascii: "-"))
        number(date.month, width: 2)
        byte(UInt8(ascii: "-"))
        number(date.day, width: 2)
        byte(separator)
        number(secondOfDay / 3600, width: 2)
        byte(UInt8(ascii: ":"))
        number(secondOfDay / 60 % 60, width: 2)
        byte(UInt8(ascii: ":"))
        number(secondOfDay % 60, width: 2)
        byte(UInt8(ascii: "."))
        number(fraction, width: fractionDigits)
        return written
    }

    /// Proleptic Gregorian (year, month, day) of a day number (Howard Hinnant's `civil_from_days`).
    public static func civil(dayNumber: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = dayNumber + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
