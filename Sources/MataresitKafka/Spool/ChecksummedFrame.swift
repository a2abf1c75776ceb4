/// A zstd frame behind a small header with its CRC-32C: the block format of the spool and of the archive.
///
///     magic (4 bytes) | uncompressed length u32 | compressed length u32 | CRC-32C of the frame u32 | frame
///
/// All integers little endian. Each user picks its own magic so one file type is never read as another.
public enum ChecksummedFrame {
    public static let headerSize = 16

    /// Compresses `plain` and prefixes it with the header.
    public static func encode(_ plain: [UInt8], magic: [UInt8]) -> [UInt8] {
        precondition(magic.count == 4, "a frame magic is 4 bytes")
        let frame = Zstd.compress(plain)
        var block = magic
        block.append(le: UInt32(plain.count))
        block.append(le: UInt32(frame.count))
        block.append(le: CRC32C.checksum(frame))
        return block + frame
    }

    /// Checks and decompresses the frame at `offset`; returns its plain bytes and the offset after it.
    public static func decode(_ bytes: [UInt8], at offset: Int, magic: [UInt8]) throws(SpoolError) -> (
        plain: [UInt8], next: Int
    ) {
        guard bytes.count - offset >= headerSize else { throw .truncated(offset: offset) }
        guard bytes[offset..<offset + 4].elementsEqual(magic) else {
            throw .corrupt(offset: offset, reason: "bad magic")
        }
        let plainSize = Int(bytes.readLE(UInt32.self, at: offset + 4))
        let frameSize = Int(bytes.readLE(UInt32.self, at: offset + 8))
        let checksum = bytes.readLE(UInt32.self, at: offset + 12)
        let start = offset + headerSize
        guard bytes.count - start >= frameSize else { throw .truncated(offset: offset) }
        let frame = Array(bytes[start..<start + frameSize])
        guard CRC32C.checksum(frame) == checksum else { throw .corrupt(offset: offset, reason: "checksum mismatch") }
        guard let plain = Zstd.decompress(frame, size: plainSize) else {
            throw .corrupt(offset: offset, reason: "not a zstd frame")
        }
        return (plain, start + frameSize)
    }
}
