import Foundation

/// Where one block sits in its segment and what it holds: the index by offset and event time.
public struct ArchiveBlockEntry: Codable, Sendable, Equatable {
    public let position: Int
    public let length: Int
    public let firstOffset: Int64
    public let lastOffset: Int64
    public let minEventMicros: Int64
    public let maxEventMicros: Int64
    public let count: Int

}

extension ArchiveBlockEntry {
    /// The entry of a block holding `records` (offsets rising); the synthesized memberwise init stays.
    init(position: Int, length: Int, records: [ArchiveRecord]) {
        self.init(
            position: position, length: length, firstOffset: records.first?.offset ?? -1,
            lastOffset: records.last?.offset ?? -1, minEventMicros: records.map(\.eventMicros).min() ?? 0,
            maxEventMicros: records.map(\.eventMicros).max() ?? 0, count: records.count)
    }
}

/// The index of a segment: its blocks, its length and its CRC-32C. Written beside a segment (`.idx`) when it
/// is sealed; computed by scanning for the open segment.
public struct ArchiveSegmentIndex: Codable, Sendable, Equatable {
    public var bytes: Int
    public var crc32c: UInt32
    public var blocks: [ArchiveBlockEntry]

    public var events: Int { blocks.reduce(0) { $0 + $1.count } }
    public var firstOffset: Int64? { blocks.first?.firstOffset }
    public var lastOffset: Int64? { blocks.last?.lastOffset }
    public var minEventMicros: Int64? { blocks.map(\.minEventMicros).min() }
    public var maxEventMicros: Int64? { blocks.map(\.maxEventMicros).max() }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    static func decode(_ data: Data, file: String) throws(ArchiveError) -> ArchiveSegmentIndex {
        let index: ArchiveSegmentIndex
        do {
            index = try JSONDecoder().decode(ArchiveSegmentIndex.self, from: data)
        } catch {
            throw .corrupt(file: file, position: 0, reason: "unreadable index")
        }
        if let problem = index.inconsistency { throw .corrupt(file: file, position: 0, reason: "index \(problem)") }
        return index
    }

    /// Why these numbers cannot describe a segment the writer sealed; nil when they can. An index that parses but
    /// does not add up (a damaged digit) is refused here, so no reader does arithmetic on it: a block count near
    /// `Int.max` used to trap `events`, and offsets out of order would trap a range built from them.
    var inconsistency: String? {
        var position = 0
        var previousLast = Int64(-1)
        for block in blocks {
            guard block.position == position, block.length >= 16, block.length <= bytes - position else {
                return "block at \(block.position) does not follow the one before it"
            }
            guard block.firstOffset > previousLast, block.firstOffset <= block.lastOffset, block.lastOffset < .max
            else {
                return "offsets \(block.firstOffset)...\(block.lastOffset) out of order"
            }
            // firstOffset >= 0 here, so the span cannot overflow; counts then sum to at most the last offset + 1.
            guard block.count >= 1, block.count <= block.lastOffset - block.firstOffset + 1 else {
                return "count \(block.count) does not fit offsets \(block.firstOffset)...\(block.lastOffset)"
            }
            guard block.minEventMicros <= block.maxEventMicros else { return "event times out of order" }
            position += block.length
            previousLast = block.lastOffset
        }
        return position == bytes ? nil : "says \(bytes) bytes, its blocks \(position)"
    }
}
