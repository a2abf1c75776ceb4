import Foundation
import HTTPTypes
import Hummingbird
import MataresitCore
import MataresitStore
import Synchronization

/// Publishes the API's security events to the audit topic: one `failed_auth_burst` per client address per burst of
/// failed authentications, and one `suspicious_pattern` per client address, pattern and route per minute, with its
/// count (never one per request: attack traffic must not grow the audit log without bound). The route is the
/// matched template or `unmatched`, never a path the client chose. The client address travels only sealed, under
/// the day's anonymous subject (these requests have no trusted user).
final class SecurityEventReporter: Sendable {
    let publisher: any EventPublishing
    let subjectKeys: SubjectKeyStore
    let producer: String
    let clientAddresses: ClientAddressPolicy
    private let bursts: Mutex<FailedAuthBursts>
    private let patterns: Mutex<SecurityEventWindows>
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init(
        publisher: any EventPublishing, subjectKeys: SubjectKeyStore, producer: String,
        clientAddresses: ClientAddressPolicy, bursts: FailedAuthBursts = FailedAuthBursts(),
        patterns: SecurityEventWindows = SecurityEventWindows()
    ) {
        self.publisher = publisher
        self.subjectKeys = subjectKeys
        self.producer = producer
        self.clientAddresses = clientAddresses
        self.bursts = Mutex(bursts)
        self.patterns = Mutex(patterns)
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
            .failedAuthBurst, client: client, method: request.method.rawValue,
            route: String((context.endpointPath ?? "unmatched").prefix(200)),
            detail: "\(count) failed authentications within \(Int(bursts.withLock { $0.window })) s", count: count)
    }

    /// A request refused for one of the seed's suspicious patterns (`pattern` is its name, never the content):
    /// counted in its window; windows that ended are published.
    func suspiciousPattern(_ pattern: String, _ request: Request, context: AppRequestContext) async {
        let key = SecurityEventWindows.Key(
            source: clientAddresses.client(of: request, context: context), kind: pattern,
            route: context.endpointPath ?? "unmatched")
        let now = secondsSinceStart
        patterns.withLock { $0.record(key, method: request.method.rawValue, now: now) }
        await publishEndedWindows()
    }

    /// Publishes the suspicious-pattern windows that ended (every window when `all`, at shutdown).
    func publishEndedWindows(all: Bool = false) async {
        let now = secondsSinceStart
        let ended = patterns.withLock { all ? $0.drain() : $0.closed(now: now) }
        for (key, count) in ended {
            await publish(
                .suspiciousPattern, client: key.source, method: count.method, route: key.route, detail: key.kind,
                count: count.count)
        }
    }

    private func publish(
        _ kind: SecurityEvent.Kind, client: String?, method: String, route: String, detail: String, count: Int
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
            kind: kind, method: method, route: route, detail: detail, clientIP: sealed, count: UInt32(clamping: count))
        publisher.publish(
            EventEnvelope(occurredAtMicros: now.microsecondsSince1970, producer: producer, payload: .securityEvent(event)))
    }
}

extension SecurityEventReporter {
    /// The reporter of one API instance, as configured.
    convenience init(_ configuration: APIConfiguration, _ dependencies: APIDependencies) {
        self.init(
            publisher: dependencies.publisher, subjectKeys: dependencies.subjectKeys, producer: dependencies.producerName,
            clientAddresses: configuration.clientAddresses,
            patterns: SecurityEventWindows(window: Double(configuration.securityEventWindow.components.seconds)))
    }
}
