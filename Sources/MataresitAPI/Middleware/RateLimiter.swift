import Foundation
import Logging
import MataresitCore
import MataresitStore
import Synchronization

/// Decides whether a key may make another request, across every API instance: the ledger (a pure state
/// machine behind a lock) spends tokens leased from Postgres and asks for new leases when a window runs
/// dry. Most requests cost one lock and no I/O.
public final class RateLimiter: Sendable {
    private let policy: RateLimitPolicy
    private let leases: RateLimitLeaseStore
    private let ledger = Mutex(RateLimitLedger())
    private let inFlight = Mutex<[UUID: Task<Void, any Error>]>([:])
    private let clock: @Sendable () -> Int64

    public init(
        policy: RateLimitPolicy, leases: RateLimitLeaseStore,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.policy = policy
        self.leases = leases
        self.clock = clock
    }

    public enum Verdict: Sendable, Equatable {
        case allowed(RateLimitStatus)
        case limited(RateLimitStatus)
    }

    /// Spends one request of `keyID` on the tier's windows, leasing tokens when needed. Throws only when the store
    /// fails: a key whose leases keep running dry (other requests or instances spend each lease before this request
    /// gets a token, or its windows roll over meanwhile) is answered 429 with a retry in one second, never 503.
    /// `subject` is whose allowance it is: the API passes the user, so all of a user's keys share the tier's limits.
    public func check(subject keyID: UUID, tier: Tier) async throws -> Verdict {
        let windows = policy.windows(for: tier)
        let id = keyID.lowercased
        var ownLeases = 0
        attempts: for _ in 0..<1_000 {
            let now = clock()
            switch ledger.withLock({ $0.take(keyID: id, windows: windows, now: now) }) {
            case .allow(let status): return .allowed(status)
            case .deny(let status): return .limited(status)
            case .lease(let requests):
                if try await leaseOrWait(requests, keyID: keyID) { ownLeases += 1 }
                if ownLeases > 8 { break attempts }
            }
        }
        return .limited(Self.contended(windows, now: clock()))
    }

    /// The answer to a request that could not get a token however often it leased: its tightest window, nothing
    /// left for now, try again in a second.
    static func contended(_ windows: [RateLimitPolicy.Window], now: Int64) -> RateLimitStatus {
        let tightest = windows.min { $0.limit < $1.limit }
        let seconds = tightest?.seconds ?? 60
        return RateLimitStatus(
            limit: tightest?.limit ?? 0, remaining: 0, resetAt: now - now % seconds + seconds, retryAfter: 1)
    }

    /// One lease per key at a time in this instance: a request that finds one in flight waits for it and then
    /// tries its tokens again. Without this, many first requests at once each leased their own share, and one
    /// instance could hold a whole window while another, serving the same key, refused it under its limit.
    /// Returns whether this request leased (rather than waited).
    private func leaseOrWait(_ requests: [RateLimitLedger.LeaseRequest], keyID: UUID) async throws -> Bool {
        let (flight, leads) = inFlight.withLock { flights -> (Task<Void, any Error>, Bool) in
            if let running = flights[keyID] { return (running, false) }
            let flight = Task {
                defer { _ = self.inFlight.withLock { $0.removeValue(forKey: keyID) } }
                try await self.lease(requests, keyID: keyID)
            }
            flights[keyID] = flight
            return (flight, true)
        }
        try await flight.value
        return leads
    }

    private func lease(_ requests: [RateLimitLedger.LeaseRequest], keyID: UUID) async throws {
        for request in requests {
            let start = Date(timeIntervalSince1970: Double(request.windowStart))
            let result = try await leases.lease(
                keyID: keyID, window: request.window.name, start: start,
                end: start.addingTimeInterval(Double(request.window.seconds)), limit: request.window.limit,
                want: request.want)
            ledger.withLock {
                $0.record(request, grantedNow: result.grantedNow, grantedTotal: result.grantedTotal)
                if $0.trackedSlots > 100_000 { $0.prune(now: clock()) }
            }
        }
    }
}
