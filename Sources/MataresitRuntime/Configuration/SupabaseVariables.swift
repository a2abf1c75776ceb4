/// The seed's Supabase variables. This build talks to Postgres directly, so they are accepted (a deployment
/// that still sets them keeps starting) and have no effect: set `DATABASE_URL` to the Supabase project's
/// connection string instead (Dashboard → Project Settings → Database →
/// `postgres://postgres:PASSWORD@db.REF.supabase.co:5432/postgres`). The keys are secrets, masked when shown.
enum SupabaseVariables {
    static let note = "accepted, unused: set DATABASE_URL to the project's Postgres connection string"

    static func read(_ reader: inout EnvironmentReader) {
        _ = reader.url("SUPABASE_URL", schemes: ["https", "http"], sensitivity: .plain, note: note)
        _ = reader.secret("SUPABASE_ANON_KEY", note: note)
        _ = reader.secret("SUPABASE_SERVICE_ROLE_KEY", note: note)
    }
}
