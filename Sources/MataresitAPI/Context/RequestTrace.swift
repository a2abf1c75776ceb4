import Foundation
import MataresitCore
import MataresitStore
import Synchronization

/// What inner layers learn about a request that the outermost layer needs for the request's event:
/// the authenticated key, the error code, the rate-limit decision. A reference shared by all context copies.
public final class RequestTrace: Sendable {
    struct State {
        var key: StoredAPIKey?
        var errorCode: String?
        var rateLimit: RateLimitDecision = .notChecked
        var rateLimitStatus: RateLimitStatus?
        var tier: Tier?
        var requestBytes: UInt64 = 0
    }

    private let state = Mutex(State())
    let maxBodyBytes: Int

    init(maxBodyBytes: Int = RequestTrace.defaultMaxBodyBytes) {
        self.maxBodyBytes = maxBodyBytes
    }

    static let defaultMaxBodyBytes = 1 << 20

    func record(key: StoredAPIKey) { state.withLock { $0.key = key } }
    func record(errorCode: String) { state.withLock { $0.errorCode = errorCode } }
    func record(rateLimit: RateLimitDecision, status: RateLimitStatus, tier: Tier) {
        state.withLock {
            $0.rateLimit = rateLimit
            $0.rateLimitStatus = status
            $0.tier = tier
        }
    }
    func record(requestBytes: Int) { state.withLock { $0.requestBytes = UInt64(max(0, requestBytes)) } }

    var snapshot: State { state.withLock { $0 } }
}
