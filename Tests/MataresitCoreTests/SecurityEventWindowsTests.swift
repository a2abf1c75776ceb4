import MataresitCore
import Testing

@Suite("SecurityEventWindows")
struct SecurityEventWindowsTests {
    typealias Key = SecurityEventWindows.Key

    @Test("repeats of one source, kind and route make one window with their count, handed out once it ends")
    func oneRowPerWindow() {
        var windows = SecurityEventWindows(window: 60)
        let key = Key(source: "203.0.113.7", kind: "union_select", route: "unmatched")
        for second in 0..<500 { windows.record(key, method: second == 0 ? "GET" : "POST", now: Double(second) / 10) }
        #expect(windows.closed(now: 59).isEmpty, "still open")
        let ended = windows.closed(now: 60)
        #expect(ended.count == 1)
        #expect(ended.first?.0 == key && ended.first?.1 == .init(method: "GET", count: 500))
        #expect(windows.closed(now: 200).isEmpty, "handed out once")
        windows.record(key, method: "GET", now: 200)
        #expect(windows.drain().first?.1.count == 1, "a new window after the old one ended")
    }

    @Test("different sources, kinds or routes are counted apart")
    func keysApart() {
        var windows = SecurityEventWindows()
        for source in ["a", "b"] {
            for kind in ["drop_table", "script_tag"] {
                windows.record(Key(source: source, kind: kind, route: "/api/v1/receipts"), method: "GET", now: 0)
            }
        }
        #expect(windows.openWindows == 4)
    }

    @Test("a flood of distinct sources stays within capacity: the overflow is counted without a source")
    func floodIsBounded() {
        var windows = SecurityEventWindows(window: 60, capacity: 100)
        for index in 0..<10_000 {
            windows.record(
                Key(source: "198.51.\(index / 256).\(index % 256)", kind: "x", route: "unmatched"), method: "GET",
                now: 1)
        }
        #expect(windows.openWindows == 101)
        let rows = windows.drain()
        #expect(rows.reduce(0) { $0 + $1.1.count } == 10_000, "nothing lost")
        #expect(rows.first { $0.0.source == nil }?.1.count == 9_900)
    }
}
