import Crypto
import Foundation
import Logging
import MataresitCore
import PostgresNIO
import Synchronization

/// Per-subject data keys, wrapped under `API_KEY_ENCRYPTION_KEY`, cached in memory once unwrapped.
public final class SubjectKeyStore: Sendable {
    private let client: PostgresClient
    private let wrapper: KeyWrapper
    private let logger: Logger
    private let cache = Mutex<[String: SymmetricKey]>([:])
    /// After a look-up timed out, further ones fail at once until then (the database is not answering).
    private let unreachableUntil = Mutex<ContinuousClock.Instant?>(nil)

    public init(client: PostgresClient, wrapper: KeyWrapper, logger: Logger) {
        self.client = client
        self.wrapper = wrapper
        self.logger = logger
    }

    /// The subject's key, created on first use; nil when it was destroyed (erased subject).
    public func keyCreatingIfMissing(for subject: String) async throws -> SymmetricKey? {
        if let cached = cache.withLock({ $0[subject] }) { return cached }
        do {
            let wrapped = try wrapper.wrap(KeyWrapper.newDataKey(), subject: subject)
            try await client.query(
                """
                INSERT INTO subject_keys (subject, wrapped_key) VALUES (\(subject), \(Data(wrapped)))
                ON CONFLICT (subject) DO NOTHING
                """, logger: logger)
        } catch {
            throw StoreError.wrap(error)
        }
        return try await existingKey(for: subject)
    }

    /// As ``keyCreatingIfMissing(for:)``, but gives up after `timeout`, and for five seconds after that at once: a
    /// request's event must not wait for an unreachable database (it goes without its personal fields instead).
    public func keyCreatingIfMissing(for subject: String, within timeout: Duration) async throws -> SymmetricKey? {
        if let cached = cache.withLock({ $0[subject] }) { return cached }
        if let until = unreachableUntil.withLock({ $0 }), ContinuousClock.now < until {
            throw StoreError.database(summary: "the database did not answer a key look-up recently")
        }
        let outcome = try await withThrowingTaskGroup(of: SymmetricKey??.self) { group in
            group.addTask { .some(try await self.keyCreatingIfMissing(for: subject)) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let found = outcome else {
            unreachableUntil.withLock { $0 = .now + .seconds(5) }
            throw StoreError.database(summary: "the key look-up took longer than \(timeout)")
        }
        return found
    }

    /// The subject's key if it exists and was not destroyed.
    public func existingKey(for subject: String) async throws -> SymmetricKey? {
        if let cached = cache.withLock({ $0[subject] }) { return cached }
        return try await StoreError.wrapping {
            let rows = try await client.query(
                "SELECT wrapped_key FROM subject_keys WHERE subject = \(subject)", logger: logger)
            for try await wrapped in rows.decode(Data?.self) {
                guard let wrapped else { return nil }
                let key = try wrapper.unwrap(Array(wrapped), subject: subject)
                cache.withLock { $0[subject] = key }
                return key
            }
            return nil
        }
    }

    /// Loads the keys of many subjects at once (for a stage batch); destroyed or unknown subjects are absent.
    public func existingKeys(for subjects: Set<String>) async throws -> [String: SymmetricKey] {
        var found = cache.withLock { cache in subjects.reduce(into: [:]) { $0[$1] = cache[$1] } }
        let missing = Array(subjects.subtracting(found.keys))
        guard !missing.isEmpty else { return found }
        do {
            let rows = try await client.query(
                """
                SELECT subject, wrapped_key FROM subject_keys
                WHERE subject = ANY(\(missing)::text[]) AND wrapped_key IS NOT NULL
                """, logger: logger)
            for try await (subject, wrapped) in rows.decode((String, Data).self) {
                found[subject] = try wrapper.unwrap(Array(wrapped), subject: subject)
            }
        } catch {
            throw StoreError.wrap(error)
        }
        cache.withLock { cache in for subject in missing { cache[subject] = found[subject] } }
        return found
    }

    /// Forgets a cached key (after the key was destroyed elsewhere).
    public func evict(subject: String) {
        _ = cache.withLock { $0.removeValue(forKey: subject) }
    }
}
