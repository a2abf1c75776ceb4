import MataresitCore
import Testing

/// Dates reach PostgreSQL only when they are real days it can store: `2026-02-30` would roll over to March and
/// `99999-01-01` answered 500.
@Suite("CalendarDate")
struct CalendarDateTests {
    @Test(
        "real days in years 1-9999 are accepted and normalised",
        arguments: [
            ("2026-11-20", "2026-11-20"), ("2024-02-29", "2024-02-29"), ("2000-02-29", "2000-02-29"),
            ("0001-01-01", "0001-01-01"), ("9999-12-31", "9999-12-31"),
            ("2026-01-02T23:30:00Z", "2026-01-02"), ("2026-01-02T23:30:00-05:00", "2026-01-03")
        ])
    func accepted(text: String, expected: String) {
        #expect(CalendarDate.normalized(text) == expected)
    }

    @Test(
        "anything else is refused",
        arguments: [
            "2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
            "0000-01-01", "99999-01-01", "-2026-01-01", "2026-1-01", "2026/01/01", "20260101", "", "today",
            "2026-02-30T10:00:00Z", "2026-01-02T25:00:00Z", "２０２６-01-01"
        ])
    func refused(text: String) {
        #expect(CalendarDate.normalized(text) == nil)
    }
}
