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

    init(position: Int, length: Int, records: [ArchiveRecord]) {
        self.position = position
        self.length = length
        firstOffset = records.first?.offset ?? -1
        lastOffset = records.last?.offset ?? -1
        minEventMicros = records.map(\.eventMicros).min() ?? 0
        maxEventMicros = records.map(\.eventMicros).max() ?? 0
        count = records.count
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
        do {
            return try JSONDecoder().decode(ArchiveSegmentIndex.self, from: data)
        } catch {
            throw .corrupt(file: file, position: 0, reason: "unreadable index")
        }
    }
}
