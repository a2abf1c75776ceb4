import Logging
import PostgresNIO

/// Inside a stage transaction: which of these subjects' keys are destroyed, with their key rows share-locked so
/// that an erasure (which updates the row first) either committed before or waits for this transaction.
public enum SubjectKeyLocks {
    public static func destroyedSubjects(among subjects: Set<String>, on connection: PostgresConnection, logger: Logger)
        async throws -> Set<String>
    {
        guard !subjects.isEmpty else { return [] }
        let rows = try await connection.query(
            """
            SELECT subject, wrapped_key IS NULL FROM subject_keys
            WHERE subject = ANY(\(Array(subjects).sorted())::text[]) ORDER BY subject FOR SHARE
            """, logger: logger)
        var destroyed: Set<String> = []
        for try await (subject, isDestroyed) in rows.decode((String, Bool).self) where isDestroyed {
            destroyed.insert(subject)
        }
        return destroyed
    }
}
