/// The full-text statements of each source. Parameters: `$1` the user's query text, `$2` the caller's user id,
/// `$3` an optional team id restricting the search, `$4` the row limit. Receipts use exactly the expression of
/// the `idx_receipts_search` GIN index, so Postgres can answer from the index; the other sources are small
/// per-team tables. Matches are highlighted with « and » (no HTML: the text is the user's, returned verbatim).
enum SearchStatements {
    static let headline = "'MaxFragments=3, MaxWords=20, MinWords=5, StartSel=«, StopSel=», FragmentDelimiter=\" … \"'"

    /// Teams whose data the caller sees: `$3` when given (the API checks membership), else all of theirs.
    static let visibleTeams = """
        (SELECT team_id FROM team_members WHERE user_id = $2 AND ($3::uuid IS NULL OR team_id = $3::uuid))
        """

    /// The receipt document, written exactly as in the index definition.
    static let receiptDocument = "to_tsvector('english', merchant || ' ' || COALESCE(full_text, ''))"

    static func sql(for source: SearchSource) -> String? {
        switch source {
        case .receipts:
            return """
                SELECT r.id::text, r.merchant, left(r.full_text, 300),
                       json_build_object('date', r.date::text, 'total', r.total, 'currency', r.currency,
                                         'category', r.predicted_category, 'teamId', r.team_id)::text,
                       ts_rank(\(receiptDocument), q.query)::float8,
                       ts_headline('english', r.merchant || ' ' || COALESCE(r.full_text, ''), q.query, \(headline)),
                       count(*) OVER ()
                FROM receipts r, websearch_to_tsquery('english', $1) AS q(query)
                WHERE \(receiptDocument) @@ q.query
                  AND ((r.user_id = $2 AND $3::uuid IS NULL) OR r.team_id IN \(visibleTeams))
                ORDER BY 5 DESC, r.date DESC, r.id LIMIT $4
                """
        case .claims:
            return """
                SELECT c.id::text, c.title, c.description,
                       json_build_object('status', c.status, 'amount', c.amount, 'currency', c.currency,
                                         'priority', c.priority, 'teamId', c.team_id)::text,
                       ts_rank(d.doc, q.query)::float8,
                       ts_headline('english', c.title || ' ' || COALESCE(c.description, ''), q.query, \(headline)),
                       count(*) OVER ()
                FROM claims c, websearch_to_tsquery('english', $1) AS q(query),
                     LATERAL (SELECT to_tsvector('english', c.title || ' ' || COALESCE(c.description, ''))) AS d(doc)
                WHERE d.doc @@ q.query AND c.team_id IN \(visibleTeams)
                ORDER BY 5 DESC, c.created_at DESC, c.id LIMIT $4
                """
        case .teamMembers:
            return """
                SELECT u.id::text, COALESCE(NULLIF(trim(concat_ws(' ', u.first_name, u.last_name)), ''), u.email), u.email,
                       json_build_object('teamId', m.team_id, 'role', m.role)::text,
                       ts_rank(d.doc, q.query)::float8,
                       ts_headline('simple', concat_ws(' ', u.first_name, u.last_name, u.email), q.query, \(headline)),
                       count(*) OVER ()
                FROM team_members m JOIN users u ON u.id = m.user_id,
                     websearch_to_tsquery('simple', $1) AS q(query),
                     LATERAL (SELECT to_tsvector('simple', concat_ws(' ', u.first_name, u.last_name,
                                                                    replace(u.email, '@', ' ')))) AS d(doc)
                WHERE d.doc @@ q.query AND m.team_id IN \(visibleTeams)
                ORDER BY 5 DESC, u.email, m.team_id LIMIT $4
                """
        case .customCategories:
            return """
                SELECT c.id::text, c.name, NULL::text,
                       json_build_object('color', c.color, 'icon', c.icon, 'teamId', c.team_id)::text,
                       ts_rank(to_tsvector('simple', c.name), q.query)::float8,
                       ts_headline('simple', c.name, q.query, \(headline)),
                       count(*) OVER ()
                FROM custom_categories c, websearch_to_tsquery('simple', $1) AS q(query)
                WHERE to_tsvector('simple', c.name) @@ q.query
                  AND ((c.user_id = $2 AND c.team_id IS NULL AND $3::uuid IS NULL) OR c.team_id IN \(visibleTeams))
                ORDER BY 5 DESC, c.name, c.id LIMIT $4
                """
        case .businessDirectory:
            return nil
        }
    }
}
