import Foundation
import MataresitCore
import Testing

@Suite("PersonalDataSealer")
struct PersonalDataSealerTests {
    let key = KeyWrapper.newDataKey()
    let subject = "user:0190f3a2-0000-7000-8000-000000000001"

    @Test(
        "seal then open returns the text",
        arguments: ["203.0.113.7", "", "Mozilla/5.0 (X11; Linux) — ünïcødé 日本語 🚀"])
    func roundTrip(text: String) throws {
        let sealed = try PersonalDataSealer.seal(text, subject: subject, key: key)
        #expect(sealed.subject == subject)
        // 12-byte nonce, ciphertext as long as the plaintext, 16-byte tag.
        #expect(sealed.combined.count == 12 + text.utf8.count + 16)
        #expect(try PersonalDataSealer.open(sealed, key: key) == text)
    }

    @Test("sealing the same text twice gives different bytes")
    func freshNonce() throws {
        let first = try PersonalDataSealer.seal("203.0.113.7", subject: subject, key: key)
        let second = try PersonalDataSealer.seal("203.0.113.7", subject: subject, key: key)
        #expect(first.combined != second.combined)
    }

    @Test("opening with another key fails")
    func otherKey() throws {
        let sealed = try PersonalDataSealer.seal("203.0.113.7", subject: subject, key: key)
        let error = #expect(throws: CoreError.self) {
            try PersonalDataSealer.open(sealed, key: KeyWrapper.newDataKey())
        }
        #expect(error?.isSealing == true)
    }

    @Test("moving a value to another subject fails")
    func otherSubject() throws {
        var sealed = try PersonalDataSealer.seal("203.0.113.7", subject: subject, key: key)
        sealed.subject = "user:0190f3a2-0000-7000-8000-000000000002"
        let error = #expect(throws: CoreError.self) { try PersonalDataSealer.open(sealed, key: key) }
        #expect(error?.isSealing == true)
    }

    /// Nonce (0), first ciphertext byte (12), last ciphertext byte, first and last tag byte.
    @Test("flipping any byte fails", arguments: [0, 12, 22, 23, 38])
    func tampered(index: Int) throws {
        var sealed = try PersonalDataSealer.seal("203.0.113.7", subject: subject, key: key)
        try #require(sealed.combined.count == 39)
        sealed.combined[index] ^= 0x01
        let error = #expect(throws: CoreError.self) { try PersonalDataSealer.open(sealed, key: key) }
        #expect(error?.isSealing == true)
    }

    @Test("a truncated value fails", arguments: [0, 11, 27])
    func truncated(length: Int) throws {
        var sealed = try PersonalDataSealer.seal("203.0.113.7", subject: subject, key: key)
        sealed.combined = Array(sealed.combined.prefix(length))
        let error = #expect(throws: CoreError.self) { try PersonalDataSealer.open(sealed, key: key) }
        #expect(error?.isSealing == true)
    }
}
