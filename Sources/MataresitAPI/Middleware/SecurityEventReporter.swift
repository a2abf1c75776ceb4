import Foundation
import HTTPTypes
import Hummingbird
import MataresitCore
import MataresitStore
import Synchronization

/// Publishes the API's security events to the audit topic: one `failed_auth_burst` per client address per burst of
/// failed authentications, one `suspicious_pattern` per client address, pattern and route per minute, and one
/// `ip_denied` per key, client address and route per minute, each with its count (never one per request: attack
/// traffic must not grow the audit log without bound). The route is the matched template or `unmatched`, never a
/// path the client chose. The client address travels only sealed: under the key owner's subject for `ip_denied`
/// (erased with the owner), else under the day's anonymous subject (those requests have no trusted user).
final class SecurityEventReporter: Sendable {
    let publisher: any EventPublishing
    let subjectKeys: any SubjectKeyRepository
    let producer: String
    let clientAddresses: ClientAddressPolicy
    let failedAuth: any FailedAuthRepository
    let limits: FailedAuthLimits
    private let digestSecret = Mutex<[UInt8]?>(nil)
    /// Clients this instance saw locked out, until when (seconds since start; at most 10,000 kept).
    private let lockedOut = Mutex<[String: Double]>([:])
    private let patterns: Mutex<SecurityEventWindows>
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init(
        publisher: any EventPublishing, subjectKeys: any SubjectKeyRepository, producer: String,
        clientAddresses: ClientAddressPolicy, failedAuth: any FailedAuthRepository,
        limits: FailedAuthLimits = FailedAuthLimits(),
        patterns: SecurityEventWindows = SecurityEventWindows()
    ) {
        self.publisher = publisher
        self.subjectKeys = subjectKeys
        self.producer = producer
        self.clientAddresses = clientAddresses
        self.failedAuth = failedAuth
        self.limits = limits
        self.patterns = Mutex(patterns)
        origin = clock.now
    }

    private var secondsSinceStart: Double { Double((clock.now - origin).components.seconds) }

    /// Counts a failed authentication of the request's client in Postgres, where every API instance sees the same
    /// count. Past `limits.lockout` failures in the window it throws 429 instead of the 401: only failed attempts
    /// are refused, so a valid key from the same address still works and nobody can lock a victim out by sending
    /// bad keys in its name. The failure that reaches `limits.burst` publishes one `failed_auth_burst`.
    func failedAuthentication(_ request: Request, context: AppRequestContext) async throws {
        guard let client = clientAddresses.client(of: request, context: context) else { return }
        // A client this instance already saw locked out is refused without a database write per attempt.
        let now = secondsSinceStart
        if let until = lockedOut.withLock({ $0[client] }), until > now {
            throw Self.lockout(retryAfter: max(1, Int((until - now).rounded(.up))))
        }
        let counted: (failures: Int, secondsLeft: Int)
        do {
            counted = try await failedAuth.recordFailure(client: try await digest(client), window: limits.windowSeconds)
        } catch {
            context.logger.warning("failed-authentication count unavailable", metadata: ["error": "\(error)"])
            return
        }
        if counted.failures == limits.burst {
            await publish(
                .failedAuthBurst, client: client, method: request.method.rawValue,
                route: String((context.endpointPath ?? "unmatched").prefix(200)),
                detail: "\(counted.failures) failed authentications within \(limits.windowSeconds) s",
                count: counted.failures)
        }
        guard counted.failures > limits.lockout else { return }
        lockedOut.withLock { locked in
            if locked.count >= 10_000 { locked = locked.filter { $0.value > now } }
            if locked.count < 10_000 { locked[client] = now + Double(counted.secondsLeft) }
        }
        throw Self.lockout(retryAfter: counted.secondsLeft)
    }

    static func lockout(retryAfter seconds: Int) -> APIError {
        APIError(
            status: .tooManyRequests, code: .rateLimitExceeded,
            message: "Too many failed authentications from this address; retry in \(seconds) s",
            details: ["retryAfter": .number(Double(seconds))], headers: [.retryAfter: "\(seconds)"])
    }

    /// The keyed digest the shared counts use instead of the address (the secret is read once).
    private func digest(_ client: String) async throws -> [UInt8] {
        if let secret = digestSecret.withLock({ $0 }) { return ClientAddressDigest.of(client, secret: secret) }
        let secret = try await failedAuth.digestSecret()
        digestSecret.withLock { $0 = secret }
        return ClientAddressDigest.of(client, secret: secret)
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

    /// A key used from an address outside its allowed list: counted in its window; windows that ended are published.
    func ipDenied(_ key: StoredAPIKey, client: String?, _ request: Request, context: AppRequestContext) async {
        let windowKey = SecurityEventWindows.Key(
            source: client, kind: "client address not in the key's allowed list",
            route: context.endpointPath ?? "unmatched", event: .ipDenied, apiKeyID: key.id, userID: key.userID)
        let now = secondsSinceStart
        patterns.withLock { $0.record(windowKey, method: request.method.rawValue, now: now) }
        await publishEndedWindows()
    }

    /// Publishes the suspicious-pattern and ip_denied windows that ended (every window when `all`, at shutdown).
    func publishEndedWindows(all: Bool = false) async {
        let now = secondsSinceStart
        let ended = patterns.withLock { all ? $0.drain() : $0.closed(now: now) }
        for (key, count) in ended {
            await publish(
                key.event, client: key.source, method: count.method, route: key.route, detail: key.kind,
                count: count.count, apiKeyID: key.apiKeyID, userID: key.userID)
        }
    }

    private func publish(
        _ kind: SecurityEvent.Kind, client: String?, method: String, route: String, detail: String, count: Int,
        apiKeyID: UUID? = nil, userID: UUID? = nil
    ) async {
        let now = Date()
        var sealed: SealedValue?
        if let client {
            let subject = userID.map(Subject.user) ?? Subject.anonymous(on: now)
            if let key = try? await subjectKeys.keyCreatingIfMissing(for: subject, within: .seconds(1)) {
                sealed = try? PersonalDataSealer.seal(client, subject: subject, key: key)
            }
        }
        let event = SecurityEvent(
            kind: kind, apiKeyID: apiKeyID, userID: userID, method: method, route: route, detail: detail,
            clientIP: sealed, count: UInt32(clamping: count))
        publisher.publish(
            EventEnvelope(
                occurredAtMicros: now.microsecondsSince1970, producer: producer, payload: .securityEvent(event)))
    }
}

extension SecurityEventReporter {
    /// The reporter of one API instance, as configured.
    convenience init(_ configuration: APIConfiguration, _ dependencies: APIDependencies) {
        self.init(
            publisher: dependencies.publisher, subjectKeys: dependencies.repositories.subjectKeys,
            producer: dependencies.producerName,
            clientAddresses: configuration.clientAddresses,
            failedAuth: dependencies.repositories.failedAuth,
            patterns: SecurityEventWindows(window: Double(configuration.securityEventWindow.components.seconds)))
    }
}

/// The failed-authentication lockout: `burst` failures from one client address within the window publish one
/// `failed_auth_burst`; past `lockout` its further failed attempts answer 429 until the window ends.
struct FailedAuthLimits: Sendable {
    var burst = 10
    var lockout = 20
    var windowSeconds = 60
}
