import Foundation
import Logging
import MataresitCore
import MataresitStore
import Synchronization

/// Decides whether a subject may make another request, across every API instance: the ledger (a pure state
/// machine behind a lock) spends admissions leased from the GCRA cells in Postgres and asks for a new lease when
/// its own run out. Most requests cost one lock and no I/O; so does a refused subject until its next admission is due.
public final class RateLimiter: Sendable {
    private let policy: RateLimitPolicy
    private let cells: any RateLimitCellRepository
    private let ledger = Mutex(RateLimitLedger())
    private let inFlight = Mutex<[UUID: Task<Void, any Error>]>([:])
    /// Unix nanoseconds.
    private let clock: @Sendable () -> Int64

    public init(
        policy: RateLimitPolicy, cells: any RateLimitCellRepository,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000_000_000) }
    ) {
        self.policy = policy
        self.cells = cells
        self.clock = clock
    }

    public enum Verdict: Sendable, Equatable {
        case allowed(RateLimitStatus)
        case limited(RateLimitStatus)
    }

    /// Spends one admission of `subject` on the tier's windows, leasing when needed. Throws only when the store
    /// fails: a subject whose leases keep running dry (other requests spend each lease before this one gets an
    /// admission) is answered 429 with a retry in one second, never 503. The API passes the user as the subject, so
    /// all of a user's keys share the tier's limits.
    public func check(subject: UUID, tier: Tier) async throws -> Verdict {
        let windows = policy.windows(for: tier)
        let id = subject.lowercased
        var ownLeases = 0
        attempts: for _ in 0..<1_000 {
            switch ledger.withLock({ $0.take(subject: id, windows: windows, now: clock()) }) {
            case .allow(let status): return .allowed(status)
            case .deny(let status): return .limited(status)
            case .lease(let want):
                if try await leaseOrWait(subject, want: want, windows: windows) { ownLeases += 1 }
                if ownLeases > 8 { break attempts }
            }
        }
        return .limited(Self.contended(windows))
    }

    /// The answer to a request that could not get an admission however often it leased: its tightest window,
    /// nothing left for now, try again in a second.
    static func contended(_ windows: [RateLimitPolicy.Window]) -> RateLimitStatus {
        let tightest = windows.min { $0.limit < $1.limit }
        let now = Int64(Date().timeIntervalSince1970)
        return RateLimitStatus(limit: tightest?.limit ?? 0, remaining: 0, resetAt: now + 1, retryAfter: 1)
    }

    /// One lease per subject at a time in this instance: a request that finds one in flight waits for it and then
    /// tries again. Without this, many first requests at once would each lease, and one instance could hold a
    /// subject's whole burst while another refused it. Returns whether this request leased (rather than waited).
    private func leaseOrWait(_ subject: UUID, want: Int, windows: [RateLimitPolicy.Window]) async throws -> Bool {
        let (flight, leads) = inFlight.withLock { flights -> (Task<Void, any Error>, Bool) in
            if let running = flights[subject] { return (running, false) }
            let flight = Task {
                defer { _ = self.inFlight.withLock { $0.removeValue(forKey: subject) } }
                let grant = try await self.cells.take(subject: subject, windows: windows, want: want)
                self.ledger.withLock {
                    $0.record(
                        subject: subject.lowercased, want: want, grant: grant, windows: windows, now: self.clock())
                    if $0.trackedSubjects > 100_000 { $0.prune(now: self.clock()) }
                }
            }
            flights[subject] = flight
            return (flight, true)
        }
        try await flight.value
        return leads
    }
}
