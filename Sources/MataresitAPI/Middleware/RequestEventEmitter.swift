import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MataresitCore
import MataresitStore

/// Builds the `api.request` event of a finished request, seals its personal fields under the subject's
/// data key, and hands it to the publisher (which never blocks).
public struct RequestEventEmitter: Sendable {
    let publisher: any EventPublishing
    let subjectKeys: any SubjectKeyRepository
    let producer: String
    let redaction: RedactionPolicy
    let summary: RedactionSummaryRecorder?

    /// `complianceLogging` (ENABLE_GDPR_COMPLIANCE_LOGGING) adds the hourly redaction summaries to the audit log.
    public init(
        publisher: any EventPublishing, subjectKeys: any SubjectKeyRepository, producer: String,
        redaction: RedactionPolicy = .default, complianceLogging: Bool = true
    ) {
        self.publisher = publisher
        self.subjectKeys = subjectKeys
        self.producer = producer
        self.redaction = redaction
        summary = complianceLogging ? RedactionSummaryRecorder(publisher: publisher, producer: producer) : nil
    }

    struct Finished {
        let request: Request
        let response: Response
        let route: String?
        let trace: RequestTrace.State
        let clientIP: String?
        let startedAt: Date
        let duration: Duration
    }

    func emit(_ finished: Finished, logger: Logger) async {
        let key = finished.trace.key
        let subject = key.map { Subject.user($0.userID) } ?? Subject.anonymous(on: finished.startedAt)
        let agent = finished.request.headers[.userAgent]
        let decision = RequestRedaction(
            policy: redaction, path: finished.request.uri.path, query: finished.request.uri.query,
            hasClientIP: finished.clientIP != nil, hasUserAgent: agent != nil)
        let personal = await sealPersonalFields(
            ip: decision.sealClientIP ? finished.clientIP : nil, agent: decision.sealUserAgent ? agent : nil,
            subject: subject, logger: logger)
        let event = ApiRequestEvent(
            apiKeyID: key?.id, apiKeyPrefix: key?.prefix, userID: key?.userID, teamID: key?.teamID,
            tier: key?.tier.rawValue, method: finished.request.method.rawValue, route: finished.route,
            path: decision.path, status: finished.response.status.code,
            errorCode: finished.trace.errorCode, durationMicros: finished.duration.microseconds,
            requestBytes: finished.trace.requestBytes,
            responseBytes: UInt64(max(0, finished.response.body.contentLength ?? 0)),
            rateLimit: finished.trace.rateLimit, clientIP: personal.ip, userAgent: personal.agent,
            redactions: decision.counts)
        summary?.record(decision.counts, at: finished.startedAt)
        publisher.publish(
            EventEnvelope(
                occurredAtMicros: finished.startedAt.microsecondsSince1970, producer: producer,
                payload: .apiRequest(event)))
    }

    /// Without the subject's key (database unreachable, subject erased) the event carries no personal data.
    private func sealPersonalFields(ip: String?, agent: String?, subject: String, logger: Logger) async
        -> (ip: SealedValue?, agent: SealedValue?)
    {
        guard ip != nil || agent != nil else { return (nil, nil) }
        do {
            guard let key = try await subjectKeys.keyCreatingIfMissing(for: subject, within: .seconds(1)) else {
                return (nil, nil)
            }
            return (
                try ip.map { try PersonalDataSealer.seal($0, subject: subject, key: key) },
                try agent.map { try PersonalDataSealer.seal(String($0.prefix(512)), subject: subject, key: key) }
            )
        } catch {
            logger.warning("personal fields dropped from event: no data key", metadata: ["error": "\(error)"])
            return (nil, nil)
        }
    }
}

extension Duration {
    var microseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds)) * 1_000_000 + UInt64(max(0, attoseconds / 1_000_000_000_000))
    }
}
