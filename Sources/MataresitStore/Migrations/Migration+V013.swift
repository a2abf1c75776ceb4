extension Migration {
    /// Search that ranks instead of filtering (`SearchStatements`): any word of a query matches, as a prefix of a
    /// word of the receipt; merchants also match with typos and without accents through trigrams (pg_trgm and
    /// unaccent are contrib extensions that a database owner may create). The seed's `idx_receipts_search` stays.
    static let v013SearchRanking = Migration(
        version: 13, name: "search_ranking",
        sql: """
            CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

            CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

            CREATE FUNCTION search_fold(text) RETURNS text
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

            CREATE FUNCTION tsquery_prefix(config regconfig, word text) RETURNS tsquery
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            AS $$
                SELECT CASE WHEN numnode(q) = 0 THEN q ELSE (q::text || ':*')::tsquery END
                FROM plainto_tsquery(config, word) AS q
            $$;

            CREATE AGGREGATE tsquery_any(tsquery) (SFUNC = tsquery_or, STYPE = tsquery);

            CREATE AGGREGATE tsquery_all(tsquery) (SFUNC = tsquery_and, STYPE = tsquery);

            CREATE INDEX idx_receipts_merchant_trgm ON receipts USING gin (search_fold(merchant) gin_trgm_ops);
            """)
}
