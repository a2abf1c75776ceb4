import Foundation
import MataresitCore
import Testing

@Suite("UTCTime")
struct UTCTimeTests {
    @Test("day numbers and hour starts floor, also before 1970")
    func flooring() {
        #expect(UTCTime.dayNumber(micros: 0) == 0)
        #expect(UTCTime.dayNumber(micros: UTCTime.microsPerDay - 1) == 0)
        #expect(UTCTime.dayNumber(micros: -1) == -1)
        #expect(UTCTime.hourStart(micros: 5_400_000_000) == 3_600_000_000)
        #expect(UTCTime.hourStart(micros: -1) == -3_600_000_000)
    }

    @Test("texts match Foundation's UTC calendar across leap years and centuries")
    func matchesFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let micros = Int64.random(in: -2_208_988_800_000_000...7_258_118_400_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(micros.quotientAndRemainder(dividingBy: 1_000_000).quotient))
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let expectedDay = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            guard micros >= 0 else { continue }  // Foundation truncates toward zero before 1970
            #expect(UTCTime.dateText(dayNumber: UTCTime.dayNumber(micros: micros)) == expectedDay)
            let clock = String(format: "%02d:%02d:%02d", parts.hour!, parts.minute!, parts.second!)
            #expect(UTCTime.timestampText(micros: micros).hasPrefix(expectedDay + " " + clock + "."))
        }
    }

    @Test("timestamps keep every microsecond")
    func microseconds() {
        #expect(UTCTime.timestampText(micros: 1_767_225_600_123_456) == "2026-01-01 00:00:00.123456+00")
        #expect(UTCTime.timestampText(micros: 951_782_400_000_007) == "2000-02-29 00:00:00.000007+00")
        #expect(UTCTime.dateText(dayNumber: -1) == "1969-12-31")
    }
}
