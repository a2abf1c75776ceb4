import Crypto
import Foundation

/// Wraps per-subject data keys under the master secret `API_KEY_ENCRYPTION_KEY`, so that the keys table alone
/// reveals nothing. Destroying a wrapped key (crypto-shredding) makes every value sealed under it unreadable.
public struct KeyWrapper: Sendable {
    /// Secrets shorter than this are refused at start.
    public static let minimumSecretLength = 32

    private let masterKey: SymmetricKey

    /// Derives the wrapping key from the secret with HKDF-SHA256.
    public init(secret: String) throws {
        guard secret.utf8.count >= Self.minimumSecretLength else {
            throw CoreError.sealing(
                reason: "API_KEY_ENCRYPTION_KEY must be at least \(Self.minimumSecretLength) characters")
        }
        masterKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)),
            info: Data("mataresit data-key wrapping v1".utf8), outputByteCount: 32)
    }

    /// A fresh random 256-bit data key.
    public static func newDataKey() -> SymmetricKey { SymmetricKey(size: .bits256) }

    /// Encrypts a data key for storage, bound to its subject.
    public func wrap(_ dataKey: SymmetricKey, subject: String) throws -> [UInt8] {
        let raw = dataKey.withUnsafeBytes { Data($0) }
        let box = try AES.GCM.seal(raw, using: masterKey, authenticating: Data(subject.utf8))
        return Array(box.combined!)
    }

    /// Decrypts a stored data key; throws when the secret or subject does not match.
    public func unwrap(_ wrapped: [UInt8], subject: String) throws -> SymmetricKey {
        do {
            let box = try AES.GCM.SealedBox(combined: Data(wrapped))
            return SymmetricKey(data: try AES.GCM.open(box, using: masterKey, authenticating: Data(subject.utf8)))
        } catch {
            throw CoreError.sealing(reason: "cannot unwrap the data key of \(subject)")
        }
    }
}
