extension Migration {
    /// Per-key allowed client addresses (`ENABLE_IP_WHITELIST`), and each user's recent searches for
    /// `GET /search/recent` (the query text the user typed, kept for the newest 50 searches per user).
    static let v009KeyAddressesAndSearchHistory = Migration(
        version: 9, name: "key_addresses_and_search_history",
        sql: """
            ALTER TABLE api_keys ADD COLUMN allowed_ips text[] NOT NULL DEFAULT '{}';

            CREATE TABLE search_history (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                query text NOT NULL CHECK (char_length(query) BETWEEN 1 AND 500),
                sources text[] NOT NULL,
                team_id uuid REFERENCES teams (id) ON DELETE SET NULL,
                searched_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE INDEX idx_search_history_user ON search_history (user_id, id DESC);
            """)
}
