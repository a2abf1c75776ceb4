import Crypto
import Foundation

/// The audit log's hash chain (SHA-256 over a canonical, length-prefixed encoding).
///
/// `rowHash = SHA256(previousHash ‖ chain ‖ seq ‖ eventID ‖ eventType ‖ action ‖ apiKeyID ‖ personalDigest ‖
/// details (sorted) ‖ occurredAt)`. The personal fields enter only through `personalDigest =
/// SHA256(salt ‖ userID ‖ actorUserID ‖ targetID)`: pseudonymising a row blanks those fields and forgets the salt,
/// the digest stays, and the chain still verifies; without the salt nobody can test a guessed id against it.
public enum AuditHash {
    /// The `previousHash` of a chain's first row.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The fields a row hash covers (the stored row minus its personal fields, salt and hashes).
    public struct Link: Sendable, Equatable {
        public var chain: String
        public var seq: Int64
        public var eventID: UUID?
        public var eventType: String
        public var action: String
        public var apiKeyID: UUID?
        public var personalDigest: [UInt8]
        public var details: [String: String]
        public var occurredAtMicros: Int64

        public init(chain: String, seq: Int64, entry: AuditEntry, personalDigest: [UInt8]) {
            self.init(
                chain: chain, seq: seq, eventID: entry.eventID, eventType: entry.eventType, action: entry.action,
                apiKeyID: entry.apiKeyID, personalDigest: personalDigest, details: entry.details,
                occurredAtMicros: entry.occurredAtMicros)
        }

        public init(
            chain: String, seq: Int64, eventID: UUID?, eventType: String, action: String, apiKeyID: UUID?,
            personalDigest: [UInt8], details: [String: String], occurredAtMicros: Int64
        ) {
            self.chain = chain
            self.seq = seq
            self.eventID = eventID
            self.eventType = eventType
            self.action = action
            self.apiKeyID = apiKeyID
            self.personalDigest = personalDigest
            self.details = details
            self.occurredAtMicros = occurredAtMicros
        }
    }

    public static func rowHash(previous: [UInt8], link: Link) -> [UInt8] {
        var encoder = CanonicalEncoder()
        encoder.bytes(previous)
        encoder.text(link.chain)
        encoder.text(String(link.seq))
        encoder.text(link.eventID.map(lowercased))
        encoder.text(link.eventType)
        encoder.text(link.action)
        encoder.text(link.apiKeyID.map(lowercased))
        encoder.bytes(link.personalDigest)
        encoder.text(String(link.details.count))
        for (key, value) in link.details.sorted(by: { $0.key < $1.key }) {
            encoder.text(key)
            encoder.text(value)
        }
        encoder.text(String(link.occurredAtMicros))
        return encoder.digest()
    }

    public static func personalDigest(salt: [UInt8], userID: UUID?, actorUserID: UUID?, targetID: String?)
        -> [UInt8]
    {
        var encoder = CanonicalEncoder()
        encoder.bytes(salt)
        encoder.text(userID.map(lowercased))
        encoder.text(actorUserID.map(lowercased))
        encoder.text(targetID)
        return encoder.digest()
    }

    /// 16 random bytes for one row's personal digest.
    public static func makeSalt() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Lowercase hex of bytes (how hashes are bound to SQL and printed).
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Bytes of lowercase or uppercase hex; nil when it is not hex.
    public static func bytes(hex text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(utf8.count / 2)
        for index in stride(from: 0, to: utf8.count, by: 2) {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return char - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func lowercased(_ id: UUID) -> String { id.uuidString.lowercased() }
}

/// Length-prefixed fields (4-byte big-endian length; absent = 0xFFFFFFFF), so no two field lists encode alike.
struct CanonicalEncoder {
    private var hasher = SHA256()

    mutating func text(_ value: String?) {
        guard let value else { return length(UInt32.max) }
        bytes(Array(value.utf8))
    }

    mutating func bytes(_ value: [UInt8]) {
        length(UInt32(value.count))
        hasher.update(data: value)
    }

    private mutating func length(_ count: UInt32) {
        withUnsafeBytes(of: count.bigEndian) { hasher.update(bufferPointer: $0) }
    }

    func digest() -> [UInt8] { Array(hasher.finalize()) }
}
