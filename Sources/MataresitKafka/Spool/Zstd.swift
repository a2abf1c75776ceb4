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
