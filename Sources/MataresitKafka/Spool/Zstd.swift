import CZstd

/// One-shot zstd compression of byte arrays.
enum Zstd {
    static func compress(_ input: [UInt8], level: Int32 = 3) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
        let written = output.withUnsafeMutableBytes { target in
            input.withUnsafeBytes { source in
                ZSTD_compress(target.baseAddress, target.count, source.baseAddress, source.count, level)
            }
        }
        precondition(ZSTD_isError(written) == 0, "zstd cannot fail with a sufficient output bound")
        return Array(output.prefix(written))
    }

    /// Decompresses a frame whose decompressed size is known; nil when the data is not a valid frame.
    static func decompress(_ input: [UInt8], size: Int) -> [UInt8]? {
        // `size` comes from a block header that the checksum does not cover: one bad byte there used to make this
        // allocate and zero up to 4 GiB before failing. Frames written by `compress` record their content size;
        // it must match before anything is allocated.
        let declared = input.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        guard declared == UInt64(size) else { return nil }
        var output = [UInt8](repeating: 0, count: size)
        let written = output.withUnsafeMutableBytes { target in
            input.withUnsafeBytes { source in
                ZSTD_decompress(target.baseAddress, target.count, source.baseAddress, source.count)
            }
        }
        guard ZSTD_isError(written) == 0, written == size else { return nil }
        return output
    }
}
