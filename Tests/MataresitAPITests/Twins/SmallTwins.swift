import Crypto
import Foundation
import MataresitAPI
import MataresitCore
import MataresitStore
import Synchronization

/// Team memberships in memory.
final class TeamTwin: TeamRepository {
    private let roles = Mutex<[UUID: [UUID: TeamRole]]>([:])

    func add(_ userID: UUID, to teamID: UUID, as role: TeamRole) {
        roles.withLock { $0[teamID, default: [:]][userID] = role }
    }

    /// false when the user was not a member.
    func remove(_ userID: UUID, from teamID: UUID) -> Bool {
        roles.withLock { $0[teamID]?.removeValue(forKey: userID) != nil }
    }

    func members(of teamID: UUID) -> [(UUID, TeamRole)] {
        roles.withLock { ($0[teamID] ?? [:]).map { ($0.key, $0.value) } }.sorted { $0.0.uuidString < $1.0.uuidString }
    }

    func role(teamID: UUID, userID: UUID) async throws -> TeamRole? { roles.withLock { $0[teamID]?[userID] } }

    func teamIDs(userID: UUID) async throws -> [UUID] {
        roles.withLock { $0.filter { $0.value[userID] != nil }.map(\.key) }
    }
}

/// The GCRA cells of migration 12 through their Swift twin `RateLimitCells`, on the wall clock.
final class RateLimitCellTwin: RateLimitCellRepository {
    private let cells = Mutex(RateLimitCells())

    func take(subject: UUID, windows: [RateLimitPolicy.Window], want: Int) async throws -> RateLimitGrant {
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        return cells.withLock { $0.take(subject: subject.lowercased, windows: windows, want: want, now: now) }
    }
}

/// Subjects' data keys; an erased subject has none.
final class SubjectKeyTwin: SubjectKeyRepository {
    private let keys = Mutex<[String: SymmetricKey]>([:])
    private let erased = Mutex<Set<String>>([])

    func erase(_ subject: String) { erased.withLock { _ = $0.insert(subject) } }
    var subjects: Set<String> { keys.withLock { Set($0.keys) } }

    func keyCreatingIfMissing(for subject: String, within timeout: Duration) async throws -> SymmetricKey? {
        guard !erased.withLock({ $0.contains(subject) }) else { return nil }
        return keys.withLock { keys in
            if let key = keys[subject] { return key }
            let key = SymmetricKey(size: .bits256)
            keys[subject] = key
            return key
        }
    }
}

/// Failed authentications per client digest within fixed windows.
final class FailedAuthTwin: FailedAuthRepository {
    private let counts = Mutex<[String: Int]>([:])

    func digestSecret() async throws -> [UInt8] { Array(repeating: 7, count: 32) }

    func recordFailure(client digest: [UInt8], window: Int) async throws -> (failures: Int, secondsLeft: Int) {
        let key = digest.map { String($0) }.joined(separator: ".")
        return (
            counts.withLock { counts in
                counts[key, default: 0] += 1
                return counts[key]!
            }, window
        )
    }
}

/// A database that answers until told it is down.
final class DatabaseTwin: DatabasePing {
    private let up = Atomic(true)

    func set(up value: Bool) { up.store(value, ordering: .relaxed) }

    func ping() async throws {
        guard up.load(ordering: .relaxed) else { throw StoreError.database(summary: "twin is down") }
    }
}

/// Every event the API hands over, in order.
final class RecordingPublisher: EventPublishing {
    private let events = Mutex<[EventEnvelope]>([])

    func publish(_ envelope: EventEnvelope) { events.withLock { $0.append(envelope) } }

    var published: [EventEnvelope] { events.withLock { $0 } }
}
