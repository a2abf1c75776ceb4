import Foundation
import Testing

@testable import MataresitAPI

/// The cheap pre-check on URIs must never hide a match of the seed's patterns.
@Suite("Suspicious pattern pre-check")
struct SuspiciousPatternPrefilterTests {
    /// Pieces that build near-misses and matches: the patterns' words in mixed case, whitespace of several kinds,
    /// and non-ASCII characters with case mappings (Kelvin sign, dotted capital I, long s, fullwidth letters).
    static let pieces = [
        "union", "UNION", "UnIoN", "select", "SELECT", "drop", "DROP", "table", "TaBlE", "<script>", "<SCRIPT>",
        "javascript:", "JAVASCRIPT:", "javascript", " ", "  ", "\t", "+", "/", "?", "=", "&", "x", "uni", "on",
        "dr", "op", "\u{212A}", "\u{0130}", "\u{017F}", "\u{FF55}nion", "\u{00A0}", "é", "<", ">", ":"
    ]

    @Test("whenever the full match finds a pattern in a URI without percent signs, the pre-check says it may")
    func neverHidesAMatch() {
        var generator = SystemRandomNumberGenerator()
        var matches = 0
        for _ in 0..<20_000 {
            let uri =
                "/api/v1/receipts?q="
                + (0..<Int.random(in: 1...8, using: &generator)).map { _ in
                    Self.pieces.randomElement(using: &generator)!
                }.joined()
            if SuspiciousPatternMiddleware.match(uri) != nil {
                matches += 1
                #expect(SuspiciousPatternMiddleware.mayMatch(uri), "\(uri)")
            }
        }
        #expect(matches > 500, "the generator must produce matches to check")
    }

    @Test("ordinary URIs pass the pre-check; percent signs and the patterns' words do not")
    func examples() {
        #expect(!SuspiciousPatternMiddleware.mayMatch("/api/v1/receipts?limit=20&sort=date"))
        #expect(!SuspiciousPatternMiddleware.mayMatch("/api/v1/health"))
        #expect(SuspiciousPatternMiddleware.mayMatch("/api/v1/receipts?merchant=a%20b"))
        #expect(SuspiciousPatternMiddleware.mayMatch("/x?q=Reunion"))
        #expect(SuspiciousPatternMiddleware.mayMatch("/x?q=DROPS"))
        #expect(SuspiciousPatternMiddleware.mayMatch("/x?q=<ScRiPt>"))
        #expect(SuspiciousPatternMiddleware.mayMatch("/x?q=JavaScript:"))
    }
}
