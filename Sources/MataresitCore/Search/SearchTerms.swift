/// A search query as people type it, in `websearch_to_tsquery`'s syntax: plain words (any of them may match, each
/// also as the start of a longer word), `"quoted phrases"` (each must match, words in order) and `-excluded` words
/// or `-"phrases"` (no match may contain them). `or` between words is accepted and means what a space means.
public struct SearchTerms: Equatable, Sendable {
    public var words: [String] = []
    public var phrases: [String] = []
    public var excluded: [String] = []

    /// At most this many terms of each kind are used: a query is at most 500 characters, this bounds the work.
    public static let maximumTerms = 32

    public init(words: [String] = [], phrases: [String] = [], excluded: [String] = []) {
        self.words = words
        self.phrases = phrases
        self.excluded = excluded
    }

    public init(parsing query: String) {
        var scanner = Substring(query)
        while let (term, quoted, negated) = Self.nextTerm(&scanner) {
            if negated {
                append(term, to: \.excluded)
            } else if quoted {
                append(term, to: \.phrases)
            } else if term.lowercased() != "or" {
                append(term, to: \.words)
            }
        }
    }

    public var isEmpty: Bool { words.isEmpty && phrases.isEmpty }

    private mutating func append(_ term: String, to list: WritableKeyPath<SearchTerms, [String]>) {
        guard !term.isEmpty, self[keyPath: list].count < Self.maximumTerms else { return }
        self[keyPath: list].append(term)
    }

    /// The next term: its text, whether it was quoted and whether it was negated with a leading `-`.
    private static func nextTerm(_ rest: inout Substring) -> (String, Bool, Bool)? {
        rest = rest.drop { $0.isWhitespace }
        guard !rest.isEmpty else { return nil }
        var negated = false
        if rest.first == "-", rest.count > 1, !rest.dropFirst().first!.isWhitespace {
            negated = true
            rest = rest.dropFirst()
        }
        if rest.first == "\"" {
            rest = rest.dropFirst()
            let phrase = rest.prefix { $0 != "\"" }
            rest = rest.dropFirst(phrase.count).dropFirst()
            return (phrase.trimmingWhitespace(), true, negated)
        }
        let word = rest.prefix { !$0.isWhitespace && $0 != "\"" }
        rest = rest.dropFirst(word.count)
        return (String(word), false, negated)
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
