import Foundation
import HTTPTypes
import Hummingbird
import MataresitCore
import MataresitStore
import Synchronization

/// Publishes the API's security events to the audit topic: one `failed_auth_burst` per client address per burst of
/// failed authentications (never one per request), and one `suspicious_pattern` per refused request. The client
/// address travels only sealed, under the day's anonymous subject (these requests have no trusted user).
final class SecurityEventReporter: Sendable {
    let publisher: any EventPublishing
    let subjectKeys: SubjectKeyStore
    let producer: String
    let clientAddresses: ClientAddressPolicy
    private let bursts: Mutex<FailedAuthBursts>
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init(
        publisher: any EventPublishing, subjectKeys: SubjectKeyStore, producer: String,
        clientAddresses: ClientAddressPolicy, bursts: FailedAuthBursts = FailedAuthBursts()
    ) {
        self.publisher = publisher
        self.subjectKeys = subjectKeys
        self.producer = producer
        self.clientAddresses = clientAddresses
        self.bursts = Mutex(bursts)
        origin = clock.now
    }

    /// Refuses a failed authentication from a client address that failed too often in its window (per instance)
    /// with 429 instead of 401. Only failed attempts are refused: a valid key from the same address still works,
    /// so nobody can lock a victim out by sending bad keys in its name.
    func refuseLockedOut(_ request: Request, context: AppRequestContext) throws {
        guard let client = clientAddresses.client(of: request, context: context),
            let retryAfter = bursts.withLock({ $0.lockedOut(client: client, now: secondsSinceStart) })
        else { return }
        throw APIError(
            status: .tooManyRequests, code: .rateLimitExceeded,
            message: "Too many failed authentications from this address; retry in \(retryAfter) s",
            details: ["retryAfter": .number(Double(retryAfter))], headers: [.retryAfter: "\(retryAfter)"])
    }

    private var secondsSinceStart: Double { Double((clock.now - origin).components.seconds) }

    /// Counts a failed authentication; publishes when it completes a burst.
    func failedAuthentication(_ request: Request, context: AppRequestContext) async {
        guard let client = clientAddresses.client(of: request, context: context) else { return }
        let now = secondsSinceStart
        guard let count = bursts.withLock({ $0.recordFailure(client: client, now: now) }) else { return }
        await publish(
            .failedAuthBurst, client: client, request: request, context: context,
            detail: "\(count) failed authentications within \(Int(bursts.withLock { $0.window })) s", count: count)
    }

    /// A request refused for one of the seed's suspicious patterns (`pattern` is its name, never the content).
    func suspiciousPattern(_ pattern: String, _ request: Request, context: AppRequestContext) async {
        let client = clientAddresses.client(of: request, context: context)
        await publish(.suspiciousPattern, client: client, request: request, context: context, detail: pattern, count: 1)
    }

    private func publish(
        _ kind: SecurityEvent.Kind, client: String?, request: Request, context: AppRequestContext, detail: String,
        count: Int
    ) async {
        let now = Date()
        var sealed: SealedValue?
        if let client {
            let subject = Subject.anonymous(on: now)
            if let key = try? await subjectKeys.keyCreatingIfMissing(for: subject, within: .seconds(1)) {
                sealed = try? PersonalDataSealer.seal(client, subject: subject, key: key)
            }
        }
        let event = SecurityEvent(
            kind: kind, method: request.method.rawValue, route: String((context.endpointPath ?? request.uri.path).prefix(200)),
            detail: detail, clientIP: sealed, count: UInt32(clamping: count))
        publisher.publish(
            EventEnvelope(occurredAtMicros: now.microsecondsSince1970, producer: producer, payload: .securityEvent(event)))
    }
}
