extension Migration {
    /// Identity, keys, receipts, the partitioned access log, stage offsets with fencing epochs, subject keys.
    static let v001Initial = Migration(
        version: 1, name: "initial",
        sql: """
            CREATE TABLE users (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                email text NOT NULL UNIQUE,
                first_name text,
                last_name text,
                subscription_tier text NOT NULL DEFAULT 'free' CHECK (subscription_tier IN ('free', 'pro', 'max')),
                subscription_status text NOT NULL DEFAULT 'active',
                preferred_currency varchar(5) NOT NULL DEFAULT 'MYR',
                preferred_language text NOT NULL DEFAULT 'en',
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE teams (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                name varchar(255) NOT NULL CHECK (char_length(name) BETWEEN 2 AND 255),
                description text,
                slug varchar(100) UNIQUE CHECK (slug ~ '^[a-z0-9-]+$'),
                status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'archived')),
                owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                settings jsonb NOT NULL DEFAULT '{}',
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE team_members (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
                user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                role text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
                permissions jsonb NOT NULL DEFAULT '{}',
                joined_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (team_id, user_id)
            );

            CREATE INDEX idx_team_members_user ON team_members (user_id);

            CREATE TABLE api_keys (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                team_id uuid REFERENCES teams (id) ON DELETE CASCADE,
                name varchar(255) NOT NULL CHECK (char_length(name) BETWEEN 3 AND 255),
                description text,
                key_hash varchar(255) NOT NULL UNIQUE,
                key_prefix varchar(20) NOT NULL,
                scopes text[] NOT NULL DEFAULT '{}' CHECK (scopes <@ ARRAY[
                    'receipts:read', 'receipts:write', 'receipts:delete', 'claims:read', 'claims:write',
                    'claims:delete', 'profile:read', 'categories:read', 'gamification:read', 'search:read',
                    'analytics:read', 'teams:read', 'admin:all']::text[]),
                is_active boolean NOT NULL DEFAULT true,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                expires_at timestamptz,
                last_used_at timestamptz,
                usage_count integer NOT NULL DEFAULT 0,
                created_by uuid,
                CHECK (expires_at IS NULL OR expires_at > created_at)
            );

            CREATE INDEX idx_api_keys_user ON api_keys (user_id);

            CREATE TABLE receipts (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                team_id uuid REFERENCES teams (id) ON DELETE SET NULL,
                merchant varchar(255) NOT NULL,
                normalized_merchant varchar(255),
                date date NOT NULL,
                total numeric(10, 2) NOT NULL CHECK (total >= 0),
                tax numeric(10, 2) CHECK (tax >= 0),
                currency varchar(5) NOT NULL DEFAULT 'USD',
                payment_method varchar(100),
                status varchar(50) NOT NULL DEFAULT 'unreviewed',
                predicted_category varchar(100),
                custom_category_id uuid,
                processing_status varchar(50) NOT NULL DEFAULT 'complete',
                image_url text,
                thumbnail_url text,
                full_text text,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE INDEX idx_receipts_user_date ON receipts (user_id, date DESC);

            CREATE INDEX idx_receipts_team_date ON receipts (team_id, date DESC) WHERE team_id IS NOT NULL;

            CREATE INDEX idx_receipts_search ON receipts
                USING gin (to_tsvector('english', merchant || ' ' || COALESCE(full_text, '')));

            -- One row per API request event. The event id is the idempotency key; the partition key (the
            -- event's time) is fixed by the event, so (event_id, timestamp) is as unique as event_id alone.
            CREATE TABLE api_access_logs (
                event_id uuid NOT NULL,
                api_key_id uuid,
                user_id uuid,
                team_id uuid,
                endpoint text NOT NULL,
                route text,
                method text NOT NULL,
                status_code integer NOT NULL CHECK (status_code BETWEEN 100 AND 599),
                response_time_ms integer CHECK (response_time_ms >= 0),
                ip_address inet,
                user_agent text,
                request_size_bytes bigint,
                response_size_bytes bigint,
                error_message text,
                rate_limited boolean NOT NULL DEFAULT false,
                "timestamp" timestamptz NOT NULL,
                PRIMARY KEY (event_id, "timestamp")
            ) PARTITION BY RANGE ("timestamp");

            CREATE INDEX idx_api_access_logs_timestamp ON api_access_logs ("timestamp" DESC);

            CREATE INDEX idx_api_access_logs_user_id ON api_access_logs (user_id, "timestamp" DESC);

            CREATE INDEX idx_api_access_logs_key ON api_access_logs (api_key_id, "timestamp" DESC);

            -- Creates the day partition holding `day` (UTC) if it is missing; safe under concurrency.
            CREATE FUNCTION ensure_access_log_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
            DECLARE
                partition_name text := format('api_access_logs_%s', to_char(day, 'YYYYMMDD'));
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtext(partition_name));
                EXECUTE format(
                    'CREATE TABLE IF NOT EXISTS %I PARTITION OF api_access_logs FOR VALUES FROM (%L) TO (%L)',
                    partition_name, (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
            END $$;

            -- Where each stage is in each topic partition. Offsets here are the truth (Kafka's are informational):
            -- `epoch` is bumped on every assignment, and every commit checks it, fencing zombie workers.
            CREATE TABLE stage_offsets (
                stage text NOT NULL,
                topic text NOT NULL,
                partition integer NOT NULL,
                next_offset bigint,
                epoch bigint NOT NULL DEFAULT 0,
                owner text,
                claimed_at timestamptz,
                committed_at timestamptz,
                newest_event_at timestamptz,
                PRIMARY KEY (stage, topic, partition)
            );

            -- Per-subject data keys, wrapped under API_KEY_ENCRYPTION_KEY. Erasure destroys the wrapped key.
            CREATE TABLE subject_keys (
                subject text PRIMARY KEY,
                wrapped_key bytea,
                created_at timestamptz NOT NULL DEFAULT now(),
                destroyed_at timestamptz,
                CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
            );

            """)
}
