extension Migration {
    /// The resource tables of the API: custom categories, line items (with the quantity, unit price, total price
    /// and category the existing clients send but the existing database dropped), processing logs, claims and
    /// their audit trail; plus the indexes that the receipt, team and claim listings sort by.
    static let v004Resources = Migration(
        version: 4, name: "resources",
        sql: """
            CREATE TABLE custom_categories (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                team_id uuid REFERENCES teams (id) ON DELETE CASCADE,
                name varchar(100) NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
                color varchar(20),
                icon varchar(50),
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE INDEX idx_custom_categories_user ON custom_categories (user_id) WHERE team_id IS NULL;

            CREATE INDEX idx_custom_categories_team ON custom_categories (team_id) WHERE team_id IS NOT NULL;

            ALTER TABLE receipts ADD CONSTRAINT receipts_custom_category_fk
                FOREIGN KEY (custom_category_id) REFERENCES custom_categories (id) ON DELETE SET NULL;

            CREATE INDEX idx_receipts_user_created ON receipts (user_id, created_at DESC, id DESC);

            CREATE INDEX idx_receipts_team_created ON receipts (team_id, created_at DESC, id DESC)
                WHERE team_id IS NOT NULL;

            CREATE INDEX idx_receipts_custom_category ON receipts (custom_category_id)
                WHERE custom_category_id IS NOT NULL;

            CREATE TABLE line_items (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                receipt_id uuid NOT NULL REFERENCES receipts (id) ON DELETE CASCADE,
                description text NOT NULL,
                amount numeric(10, 2) NOT NULL CHECK (amount >= 0),
                quantity numeric(10, 3) NOT NULL DEFAULT 1 CHECK (quantity > 0),
                unit_price numeric(10, 2) CHECK (unit_price >= 0),
                total_price numeric(10, 2) CHECK (total_price >= 0),
                category varchar(100),
                position integer NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE INDEX idx_line_items_receipt ON line_items (receipt_id, position);

            CREATE TABLE processing_logs (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                receipt_id uuid NOT NULL REFERENCES receipts (id) ON DELETE CASCADE,
                step_name text,
                status_message text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE INDEX idx_processing_logs_receipt ON processing_logs (receipt_id, created_at);

            CREATE TABLE claims (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
                claimant_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                title varchar(255) NOT NULL CHECK (char_length(title) BETWEEN 3 AND 255),
                description text,
                amount numeric(12, 2) NOT NULL CHECK (amount > 0),
                currency varchar(5) NOT NULL DEFAULT 'USD',
                category varchar(100),
                priority text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
                status text NOT NULL DEFAULT 'draft' CHECK (status IN (
                    'draft', 'submitted', 'under_review', 'approved', 'rejected', 'paid', 'cancelled')),
                submitted_at timestamptz,
                reviewed_by uuid REFERENCES users (id) ON DELETE SET NULL,
                reviewed_at timestamptz,
                approved_by uuid REFERENCES users (id) ON DELETE SET NULL,
                approved_at timestamptz,
                rejection_reason text,
                metadata jsonb NOT NULL DEFAULT '{}',
                attachments jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attachments) = 'array'),
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                CHECK ((status = 'draft') = (submitted_at IS NULL))
            );

            CREATE INDEX idx_claims_team_created ON claims (team_id, created_at DESC, id DESC);

            CREATE INDEX idx_claims_claimant ON claims (claimant_id);

            CREATE TABLE claim_audit_trail (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                claim_id uuid NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
                user_id uuid REFERENCES users (id) ON DELETE SET NULL,
                action varchar(50) NOT NULL,
                old_status text,
                new_status text,
                comment text,
                metadata jsonb NOT NULL DEFAULT '{}',
                created_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE INDEX idx_claim_audit_trail_claim ON claim_audit_trail (claim_id, created_at);

            """)
}
