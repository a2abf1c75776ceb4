import Foundation
import MataresitCore
import Testing

@Suite("KeyWrapper")
struct KeyWrapperTests {
    static let secret = "0123456789abcdef0123456789abcdef-master"
    let subject = "user:0190f3a2-0000-7000-8000-000000000001"

    @Test("unwrap returns a key that opens what the original sealed")
    func roundTrip() throws {
        let wrapper = try KeyWrapper(secret: Self.secret)
        let dataKey = KeyWrapper.newDataKey()
        let sealed = try PersonalDataSealer.seal("198.51.100.4", subject: subject, key: dataKey)

        let wrapped = try wrapper.wrap(dataKey, subject: subject)
        #expect(wrapped.count == 12 + 32 + 16)
        let unwrapped = try wrapper.unwrap(wrapped, subject: subject)
        #expect(try PersonalDataSealer.open(sealed, key: unwrapped) == "198.51.100.4")
    }

    @Test("a wrapper made later from the same secret unwraps")
    func deterministicDerivation() throws {
        let wrapped = try KeyWrapper(secret: Self.secret).wrap(KeyWrapper.newDataKey(), subject: subject)
        #expect(throws: Never.self) { try KeyWrapper(secret: Self.secret).unwrap(wrapped, subject: subject) }
    }

    @Test("unwrapping with another secret fails")
    func otherSecret() throws {
        let wrapped = try KeyWrapper(secret: Self.secret).wrap(KeyWrapper.newDataKey(), subject: subject)
        let other = try KeyWrapper(secret: Self.secret + "!")
        let error = #expect(throws: CoreError.self) { try other.unwrap(wrapped, subject: subject) }
        #expect(error?.isSealing == true)
    }

    @Test("unwrapping under another subject fails")
    func otherSubject() throws {
        let wrapper = try KeyWrapper(secret: Self.secret)
        let wrapped = try wrapper.wrap(KeyWrapper.newDataKey(), subject: subject)
        let error = #expect(throws: CoreError.self) { try wrapper.unwrap(wrapped, subject: "anon:2026-01-01") }
        #expect(error?.isSealing == true)
    }

    @Test("unwrapping garbage fails", arguments: [[], [1, 2, 3], Array(repeating: 0, count: 60)] as [[UInt8]])
    func garbage(wrapped: [UInt8]) throws {
        let wrapper = try KeyWrapper(secret: Self.secret)
        let error = #expect(throws: CoreError.self) { try wrapper.unwrap(wrapped, subject: subject) }
        #expect(error?.isSealing == true)
    }

    @Test("secrets shorter than 32 characters are refused", arguments: [0, 1, 16, 31])
    func shortSecret(length: Int) {
        let error = #expect(throws: CoreError.self) {
            try KeyWrapper(secret: String(repeating: "s", count: length))
        }
        #expect(error?.isSealing == true)
    }

    @Test("secrets of 32 characters or more are accepted", arguments: [32, 33, 64])
    func longEnoughSecret(length: Int) {
        #expect(throws: Never.self) { try KeyWrapper(secret: String(repeating: "s", count: length)) }
    }
}
