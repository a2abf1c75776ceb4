import Foundation
import Testing

import MataresitCore

@Suite("Random bytes from the shared pool")
struct RandomBytesTests {
    @Test("fills larger than the pool, across its refills, are distinct and cover every byte value evenly")
    func fillsAcrossRefills() {
        var first = [UInt8](repeating: 0, count: 10_000), second = [UInt8](repeating: 0, count: 10_000)
        first.withUnsafeMutableBytes(RandomBytes.fill)
        second.withUnsafeMutableBytes(RandomBytes.fill)
        #expect(first != second)
        var counts = [Int](repeating: 0, count: 256)
        for byte in first + second { counts[Int(byte)] += 1 }
        // 20,000 bytes: about 78 of each value; a stuck or zeroed stretch of the pool would skew this far.
        #expect(counts.min()! > 25 && counts.max()! < 160, "\(counts.min()!)...\(counts.max()!)")
    }

    @Test("small fills from many threads never hand out the same bytes twice")
    func concurrentFillsAreUnique() async {
        let ids = await withTaskGroup(of: [UUID].self) { group in
            for _ in 0..<4 { group.addTask { (0..<5_000).map { _ in RandomBytes.uuid() } } }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(ids).count == 20_000)
        #expect(ids.allSatisfy { $0.uuid.6 >> 4 == 4 && $0.uuid.8 >> 6 == 2 }, "version 4, RFC 4122 variant")
    }
}
