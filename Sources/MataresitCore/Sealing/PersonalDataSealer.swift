import Crypto
import Foundation

/// Seals personal values (client IP, user agent, ...) with AES-GCM under a subject's data key.
/// The subject name is authenticated as associated data, so a value cannot be moved to another subject.
public enum PersonalDataSealer {
    /// Encrypts `text` for `subject`.
    public static func seal(_ text: String, subject: String, key: SymmetricKey) throws -> SealedValue {
        do {
            let nonce = try withUnsafeTemporaryAllocation(byteCount: 12, alignment: 1) { bytes in
                RandomBytes.fill(bytes)
                return try AES.GCM.Nonce(data: UnsafeRawBufferPointer(bytes))
            }
            let box = try AES.GCM.seal(Data(text.utf8), using: key, nonce: nonce, authenticating: Data(subject.utf8))
            guard let combined = box.combined else { throw CoreError.sealing(reason: "no combined form") }
            return SealedValue(subject: subject, combined: Array(combined))
        } catch let error as CoreError {
            throw error
        } catch {
            throw CoreError.sealing(reason: "encryption failed")
        }
    }

    /// Decrypts a sealed value; throws when the key is wrong or the value was tampered with.
    public static func open(_ value: SealedValue, key: SymmetricKey) throws -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: Data(value.combined))
            let plain = try AES.GCM.open(box, using: key, authenticating: Data(value.subject.utf8))
            guard let text = String(data: plain, encoding: .utf8) else {
                throw CoreError.sealing(reason: "plaintext is not UTF-8")
            }
            return text
        } catch let error as CoreError {
            throw error
        } catch {
            throw CoreError.sealing(reason: "authentication failed")
        }
    }
}

/// Names of data subjects: the owners of data keys.
public enum Subject {
    /// The subject of an authenticated user's personal data.
    public static func user(_ id: UUID) -> String { "user:\(id.lowercased)" }

    /// The per-day subject of unauthenticated traffic; its key is destroyed after the anonymous retention period.
    public static func anonymous(on date: Date) -> String { "anon:\(UTCDay.string(from: date))" }
}

/// Formats UTC calendar days as `yyyy-MM-dd` without a shared formatter.
public enum UTCDay {
    public static func string(from date: Date) -> String {
        UTCTime.dateText(dayNumber: Int64((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// Midnight UTC of the day containing `date`.
    public static func start(of date: Date) -> Date { Calendar.utc.startOfDay(for: date) }
}
