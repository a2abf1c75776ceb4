import MataresitCore
import Testing

@Suite("constantTimeEquals")
struct ConstantTimeEqualsTests {
    @Test(
        "truth table",
        arguments: [
            ("", "", true),
            ("a", "a", true),
            ("6754eaf864adda21", "6754eaf864adda21", true),
            ("a", "b", false),
            ("abc", "abd", false),
            ("xbc", "abc", false),
            ("abc", "ab", false),
            ("ab", "abc", false),
            ("", "a", false),
            ("A", "a", false),
            // Bytes are compared, not canonical equivalence: precomposed é vs e + combining accent.
            ("\u{E9}", "e\u{301}", false)
        ])
    func truthTable(lhs: String, rhs: String, expected: Bool) {
        #expect(constantTimeEquals(lhs, rhs) == expected)
        #expect(constantTimeEquals(rhs, lhs) == expected)
    }

    @Test("substrings compare like strings")
    func substrings() {
        let text = "key=abc"
        #expect(constantTimeEquals(text.dropFirst(4), "abc"))
    }
}
