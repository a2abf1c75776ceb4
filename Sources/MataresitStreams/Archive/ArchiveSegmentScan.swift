import Foundation
import MataresitKafka

/// What reading a segment file block by block found: the index of its valid prefix, and where and why it stopped
/// early. Offsets must rise strictly from block to block; anything else is damage.
struct ArchiveSegmentScan {
    var index = ArchiveSegmentIndex(bytes: 0, crc32c: 0, blocks: [])
    var records: [ArchiveRecord] = []
    var damage: ArchiveError?
    /// Bytes of whole, valid blocks from the start (where a torn tail gets cut).
    var validBytes: Int { index.bytes }

    /// Reads the file at `path`; `file` names it in errors.
    static func read(path: String, file: String, keepRecords: Bool) throws -> ArchiveSegmentScan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return read(bytes: [UInt8](data), file: file, keepRecords: keepRecords)
    }

    /// Reads a segment's bytes; `file` names it in errors. Keeps the records only when asked (listing needs just
    /// the index).
    static func read(bytes: [UInt8], file: String, keepRecords: Bool) -> ArchiveSegmentScan {
        var scan = ArchiveSegmentScan()
        var position = 0
        var lastOffset = Int64.min
        while position < bytes.count {
            do throws(ArchiveError) {
                let (records, next) = try ArchiveBlock.decode(bytes, at: position, file: file)
                guard let first = records.first, first.offset > lastOffset,
                    zip(records, records.dropFirst()).allSatisfy({ $0.offset < $1.offset })
                else { throw ArchiveError.corrupt(file: file, position: position, reason: "offsets out of order") }
                lastOffset = records.last!.offset
                scan.index.blocks.append(
                    ArchiveBlockEntry(position: position, length: next - position, records: records))
                if keepRecords { scan.records += records }
                position = next
            } catch {
                scan.damage = error
                break
            }
        }
        scan.index.bytes = position
        scan.index.crc32c = CRC32C.checksum(bytes[0..<position])
        return scan
    }
}
