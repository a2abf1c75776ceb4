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

    /// Spends one request of `keyID` on the tier's windows, leasing tokens when needed.
    public func check(keyID: UUID, tier: Tier) async throws -> Verdict {
        let windows = policy.windows(for: tier)
        let id = keyID.lowercased
        for _ in 0..<8 {
            let now = clock()
            switch ledger.withLock({ $0.take(keyID: id, windows: windows, now: now) }) {
            case .allow(let status): return .allowed(status)
            case .deny(let status): return .limited(status)
            case .lease(let requests): try await lease(requests, keyID: keyID)
            }
        }
        throw StoreError.conflict("rate limit leases kept running dry")
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
