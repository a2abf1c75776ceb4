import Foundation
import MataresitCore
import Testing

@Suite("APIKeySecret")
struct APIKeySecretTests {
    static let knownKey = "mk_live_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    /// `printf %s mk_live_0123…cdef | sha256sum`
    static let knownHash = "6754eaf864adda21b59a797efde98d2a895b49bdf99bcd5df8071ecd49475b45"

    static let lowercaseHex = Set("0123456789abcdef")

    @Test("generated keys are well formed", arguments: [APIKeySecret.Mode.live, .test])
    func generated(mode: APIKeySecret.Mode) throws {
        let key = APIKeySecret.generate(mode: mode)
        #expect(key.value.count == 72)
        #expect(key.value.hasPrefix("mk_\(mode.rawValue)_"))
        #expect(key.value.dropFirst(8).allSatisfy(Self.lowercaseHex.contains))
        #expect(key.mode == mode)
        #expect(APIKeySecret(key.value) == key)
    }

    @Test("two generated keys differ")
    func unique() {
        #expect(APIKeySecret.generate(mode: .live) != APIKeySecret.generate(mode: .live))
    }

    @Test("hash is the SHA-256 hex of the full key")
    func knownVector() throws {
        let key = try #require(APIKeySecret(Self.knownKey))
        #expect(key.hash == Self.knownHash)
        #expect(APIKeySecret.hash(of: Self.knownKey) == Self.knownHash)
    }

    @Test("hash of a generated key is 64 lowercase hex digits")
    func hashShape() {
        let hash = APIKeySecret.generate(mode: .test).hash
        #expect(hash.count == 64)
        #expect(hash.allSatisfy(Self.lowercaseHex.contains))
    }

    @Test("displayPrefix is the first 12 characters")
    func displayPrefix() throws {
        let key = try #require(APIKeySecret(Self.knownKey))
        #expect(key.displayPrefix == "mk_live_0123")
        #expect(APIKeySecret.generate(mode: .test).displayPrefix.count == 12)
    }

    static let hexPart: String = String(knownKey.dropFirst(8))
    static let withoutLast: String = String(knownKey.dropLast())
    static let malformedKeys: [String] = [
        "",
        "mk_prod_" + hexPart,  // wrong mode
        "sk_live_" + hexPart,  // wrong prefix
        "MK_LIVE_" + hexPart,  // uppercase prefix
        "mk_live_" + hexPart.uppercased(),  // uppercase hex
        withoutLast,  // 71 characters
        knownKey + "0",  // 73 characters
        withoutLast + "g",  // not hex
        withoutLast + " ",  // whitespace
        withoutLast + "\u{E9}",  // 72 characters, 73 bytes
        " " + withoutLast  // leading whitespace
    ]

    @Test("malformed keys are rejected", arguments: malformedKeys)
    func malformed(text: String) {
        #expect(APIKeySecret(text) == nil)
    }

    @Test("description never shows the secret part")
    func description() throws {
        let key = try #require(APIKeySecret(Self.knownKey))
        let secretPart = String(Self.knownKey.dropFirst(APIKeySecret.prefixLength))
        for rendered in [key.description, "\(key)", String(describing: key), String(reflecting: key)] {
            #expect(!rendered.contains(secretPart))
            #expect(rendered.hasPrefix("mk_live_0123"))
        }
    }
}

@Suite("API key reflection")
struct APIKeySecretReflectionTests {
    @Test("dump never shows the secret")
    func dumpHidesSecret() {
        let key = APIKeySecret.generate(mode: .live)
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains(key.value))
        #expect(dumped.contains(key.displayPrefix))
    }
}
