import Crypto
import Foundation

/// An API key as the client holds it: `mk_live_` or `mk_test_` followed by 64 lowercase hex digits.
/// Only its SHA-256 and a 12-character display prefix are ever stored.
public struct APIKeySecret: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    public enum Mode: String, Sendable { case live, test }

    public static let prefixLength = 12
    public let value: String

    /// Accepts only a well-formed key; anything else is nil (and never echoed back).
    public init?(_ value: String) {
        guard Self.isWellFormed(value) else { return nil }
        self.value = value
    }

    /// A new random key (32 random bytes).
    public static func generate(mode: Mode) -> APIKeySecret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return APIKeySecret("mk_\(mode.rawValue)_" + Hex.lowercase(bytes))!
    }

    /// Unsalted SHA-256 of the full key, lowercase hex (compatible with existing `api_keys.key_hash`).
    public var hash: String { Self.hash(of: value) }

    /// The 12-character display prefix, e.g. `mk_live_1a2b`.
    public var displayPrefix: String { String(value.prefix(Self.prefixLength)) }

    public var mode: Mode { value.hasPrefix("mk_test_") ? .test : .live }

    /// Never prints the secret.
    public var description: String { "\(displayPrefix)…" }

    /// `dump` and debuggers see only the display prefix too.
    public var customMirror: Mirror { Mirror(self, children: ["displayPrefix": displayPrefix]) }

    public static func hash(of value: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(value.utf8)))
    }

    static func isWellFormed(_ value: String) -> Bool {
        let utf8 = Array(value.utf8)
        guard utf8.count == 72 else { return false }
        guard value.hasPrefix("mk_live_") || value.hasPrefix("mk_test_") else { return false }
        return utf8[8...].allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

/// Compares two byte strings in time that depends only on their lengths.
public func constantTimeEquals(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
    let left = Array(lhs.utf8), right = Array(rhs.utf8)
    guard left.count == right.count else { return false }
    var difference: UInt8 = 0
    for index in left.indices { difference |= left[index] ^ right[index] }
    return difference == 0
}
