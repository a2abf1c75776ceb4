/// The search statements of each source. Parameters: `$1` the query's plain words (`text[]`), `$2` the caller's user
/// id, `$3` an optional team id restricting the search, `$4` the row limit, `$5` the quoted phrases and `$6` the
/// excluded words or phrases (`SearchTerms`).
///
/// Rows are ranked, not filtered: any word matches, as a prefix of a document word (so partial words and plurals
/// match); every phrase must match; nothing excluded may. Receipt merchants also match by trigram similarity,
/// accents folded, so a typo still finds them. Receipts are found through the seed's `idx_receipts_search` and
/// `idx_receipts_merchant_trgm`; the other sources are small per-team tables. The best score comes first, then the
/// newest. Matches are highlighted with « and » (no HTML: the text is the user's, returned verbatim).
enum SearchStatements {
    static let headline = "'MaxFragments=3, MaxWords=20, MinWords=5, StartSel=«, StopSel=», FragmentDelimiter=\" … \"'"

    /// Teams whose data the caller sees: `$3` when given (the API checks membership), else all of theirs.
    static let visibleTeams = """
        (SELECT team_id FROM team_members WHERE user_id = $2 AND ($3::uuid IS NULL OR team_id = $3::uuid))
        """

    /// The receipt document, written exactly as in the index definition.
    static let receiptDocument = "to_tsvector('english', merchant || ' ' || COALESCE(full_text, ''))"

    /// Merchant words this short are not matched by similarity (too many near neighbours).
    static let shortestFuzzyWord = 4

    /// One row `q`: `match` (what a row must match), `ranked` (what it is scored by), `excluded` and `fuzzy` (the
    /// folded words merchants are compared with; none when a phrase is required, as a phrase asks for exact words).
    static func terms(_ config: String) -> String {
        """
        q AS MATERIALIZED (
            SELECT COALESCE(required, optional) AS match, COALESCE(required && optional, required, optional) AS ranked,
                   excluded, CASE WHEN required IS NULL THEN fuzzy ELSE '{}' END AS fuzzy
            FROM (SELECT
                (SELECT tsquery_any(t) FROM unnest($1::text[]) w, tsquery_prefix('\(config)', w) t WHERE numnode(t) > 0)
                    AS optional,
                (SELECT tsquery_all(t) FROM unnest($5::text[]) p, phraseto_tsquery('\(config)', p) t WHERE numnode(t) > 0)
                    AS required,
                (SELECT tsquery_any(t) FROM unnest($6::text[]) x, phraseto_tsquery('\(config)', x) t WHERE numnode(t) > 0)
                    AS excluded,
                ARRAY(SELECT search_fold(w) FROM unnest($1::text[]) w WHERE char_length(w) >= \(shortestFuzzyWord))
                    AS fuzzy) AS parsed)
        """
    }

    /// Whether a document `doc` is not excluded by the query.
    static let notExcluded = "NOT COALESCE(d.doc @@ q.excluded, false)"

    static func sql(for source: SearchSource) -> String? {
        switch source {
        case .receipts: return receipts
        case .claims: return claims
        case .teamMembers: return teamMembers
        case .customCategories: return customCategories
        case .businessDirectory: return nil
        }
    }

    /// Candidates come from the full-text index and the merchant trigram index; each is scored once.
    static let receipts = """
        WITH \(terms("english")),
        visible_teams AS MATERIALIZED \(visibleTeams),
        candidates AS (
            SELECT r.id, r.merchant, r.full_text, r.date, r.total, r.currency, r.predicted_category, r.team_id,
                   r.created_at
            FROM q JOIN receipts r ON \(receiptDocument) @@ q.match
            WHERE (r.user_id = $2 AND $3::uuid IS NULL) OR r.team_id IN (SELECT team_id FROM visible_teams)
            UNION
            SELECT r.id, r.merchant, r.full_text, r.date, r.total, r.currency, r.predicted_category, r.team_id,
                   r.created_at
            FROM q, unnest(q.fuzzy) f JOIN receipts r ON f <% search_fold(r.merchant)
            WHERE (r.user_id = $2 AND $3::uuid IS NULL) OR r.team_id IN (SELECT team_id FROM visible_teams)
        )
        SELECT r.id::text, r.merchant, left(r.full_text, 300),
               json_build_object('date', r.date::text, 'total', r.total, 'currency', r.currency,
                                 'category', r.predicted_category, 'teamId', r.team_id)::text,
               (COALESCE(ts_rank(d.doc, q.ranked), 0)
                   + 0.1 * COALESCE((SELECT max(word_similarity(f, search_fold(r.merchant))) FROM unnest(q.fuzzy) f), 0)
               )::float8,
               COALESCE(ts_headline('english', r.merchant || ' ' || COALESCE(r.full_text, ''), q.ranked, \(headline)),
                        r.merchant),
               count(*) OVER ()
        FROM q, candidates r,
             LATERAL (SELECT to_tsvector('english', r.merchant || ' ' || COALESCE(r.full_text, ''))) AS d(doc)
        WHERE \(notExcluded)
        ORDER BY 5 DESC, r.date DESC, r.created_at DESC, r.id LIMIT $4
        """

    static let claims = """
        WITH \(terms("english"))
        SELECT c.id::text, c.title, c.description,
               json_build_object('status', c.status, 'amount', c.amount, 'currency', c.currency,
                                 'priority', c.priority, 'teamId', c.team_id)::text,
               ts_rank(d.doc, q.ranked)::float8,
               ts_headline('english', c.title || ' ' || COALESCE(c.description, ''), q.ranked, \(headline)),
               count(*) OVER ()
        FROM claims c, q,
             LATERAL (SELECT to_tsvector('english', c.title || ' ' || COALESCE(c.description, ''))) AS d(doc)
        WHERE d.doc @@ q.match AND \(notExcluded) AND c.team_id IN \(visibleTeams)
        ORDER BY 5 DESC, c.created_at DESC, c.id LIMIT $4
        """

    static let teamMembers = """
        WITH \(terms("simple"))
        SELECT u.id::text, COALESCE(NULLIF(trim(concat_ws(' ', u.first_name, u.last_name)), ''), u.email), u.email,
               json_build_object('teamId', m.team_id, 'role', m.role)::text,
               ts_rank(d.doc, q.ranked)::float8,
               ts_headline('simple', concat_ws(' ', u.first_name, u.last_name, u.email), q.ranked, \(headline)),
               count(*) OVER ()
        FROM team_members m JOIN users u ON u.id = m.user_id, q,
             LATERAL (SELECT to_tsvector('simple', concat_ws(' ', u.first_name, u.last_name,
                                                            replace(u.email, '@', ' ')))) AS d(doc)
        WHERE d.doc @@ q.match AND \(notExcluded) AND m.team_id IN \(visibleTeams)
        ORDER BY 5 DESC, m.joined_at DESC, u.email, m.team_id LIMIT $4
        """

    static let customCategories = """
        WITH \(terms("simple"))
        SELECT c.id::text, c.name, NULL::text,
               json_build_object('color', c.color, 'icon', c.icon, 'teamId', c.team_id)::text,
               ts_rank(d.doc, q.ranked)::float8,
               ts_headline('simple', c.name, q.ranked, \(headline)),
               count(*) OVER ()
        FROM custom_categories c, q, LATERAL (SELECT to_tsvector('simple', c.name)) AS d(doc)
        WHERE d.doc @@ q.match AND \(notExcluded)
          AND ((c.user_id = $2 AND c.team_id IS NULL AND $3::uuid IS NULL) OR c.team_id IN \(visibleTeams))
        ORDER BY 5 DESC, c.created_at DESC, c.id LIMIT $4
        """
}
