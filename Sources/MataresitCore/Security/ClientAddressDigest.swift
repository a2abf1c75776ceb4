import Crypto

/// A keyed digest of a client address (HMAC-SHA-256 under a secret of the deployment): what the shared failed-auth
/// counts are keyed by. An unkeyed hash of an IPv4 address is reversed by trying all 2^32 of them.
public enum ClientAddressDigest {
    public static func of(_ address: String, secret: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(address.utf8), using: SymmetricKey(data: secret)))
    }
}
