import Crypto

extension Sequence where Element == UInt8 {
    /// Lowercase hex, as SigV4 writes hashes and signatures.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Digest {
    var hex: String { Array(self).hex }
}

extension HashedAuthenticationCode {
    var hex: String { Array(self).hex }
}
