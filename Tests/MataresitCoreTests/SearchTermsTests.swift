import MataresitCore
import Testing

/// The query syntax of `websearch_to_tsquery`, split into the terms the search statements use.
@Suite("Search terms")
struct SearchTermsTests {
    @Test("words, quoted phrases, exclusions and `or`")
    func parsing() {
        #expect(SearchTerms(parsing: "coffee expenses") == SearchTerms(words: ["coffee", "expenses"]))
        #expect(
            SearchTerms(parsing: #"  "starbucks reserve"  latte -decaf -"cold brew" "#)
                == SearchTerms(words: ["latte"], phrases: ["starbucks reserve"], excluded: ["decaf", "cold brew"]))
        #expect(SearchTerms(parsing: "coffee OR tea or") == SearchTerms(words: ["coffee", "tea"]))
        #expect(SearchTerms(parsing: #""unterminated phrase"#) == SearchTerms(phrases: ["unterminated phrase"]))
        #expect(SearchTerms(parsing: #"a"b"c"#) == SearchTerms(words: ["a", "c"], phrases: ["b"]))
        #expect(SearchTerms(parsing: "- dash alone") == SearchTerms(words: ["-", "dash", "alone"]))
        #expect(SearchTerms(parsing: "e-mail") == SearchTerms(words: ["e-mail"]))
    }

    @Test("nothing to search for is empty; exclusions alone are empty")
    func empty() {
        #expect(SearchTerms(parsing: "").isEmpty)
        #expect(SearchTerms(parsing: " \t\n").isEmpty)
        #expect(SearchTerms(parsing: #""""#).isEmpty)
        #expect(SearchTerms(parsing: "-coffee").isEmpty)
        #expect(!SearchTerms(parsing: "ok").isEmpty)
    }

    @Test("the number of terms is bounded")
    func bounded() {
        let terms = SearchTerms(parsing: (0..<100).map { "w\($0)" }.joined(separator: " "))
        #expect(terms.words.count == SearchTerms.maximumTerms)
        #expect(terms.words.first == "w0")
    }
}
