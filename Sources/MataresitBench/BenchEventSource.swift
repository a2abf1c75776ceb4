import Crypto
import Foundation
import MataresitRuntime
import Logging
import MataresitCore
import MataresitStore

/// Turns the bench traffic into `api.request` envelopes as the API would emit them (personal fields sealed
/// under each user's data key, which it creates in the bench database first).
public struct BenchEventSource: Sendable {
    let traffic: BenchTraffic
    let keys: [String: SymmetricKey]
    var random: BenchRandom

    /// Creates the data keys of every user of `traffic` and of today's anonymous subject.
    public static func make(traffic: BenchTraffic, seed: UInt64, subjectKeys: SubjectKeyStore) async throws
        -> BenchEventSource
    {
        var keys: [String: SymmetricKey] = [:]
        let subjects = traffic.userIDs.map(Subject.user) + [Subject.anonymous(on: Date())]
        for subject in subjects {
            guard let key = try await subjectKeys.keyCreatingIfMissing(for: subject) else {
                throw RuntimeError.invalidArgument("no data key could be created for the bench subjects")
            }
            keys[subject] = key
        }
        return BenchEventSource(traffic: traffic, keys: keys, random: BenchRandom(seed: seed))
    }

    /// In-memory keys only (the micro benchmarks and unit tests).
    public init(traffic: BenchTraffic, keys: [String: SymmetricKey], random: BenchRandom) {
        self.traffic = traffic
        self.keys = keys
        self.random = random
    }

    /// The next event, stamped `occurredAtMicros` (the producer restamps it when it sends).
    public mutating func next(occurredAtMicros: Int64) throws -> EventEnvelope {
        let generated = traffic.request(using: &random)
        var request = generated.event
        let subject = request.userID.map(Subject.user) ?? Subject.anonymous(on: Date())
        if let key = keys[subject] {
            request.clientIP = try PersonalDataSealer.seal(generated.ip, subject: subject, key: key)
            request.userAgent = try PersonalDataSealer.seal(generated.agent, subject: subject, key: key)
        }
        return EventEnvelope(
            occurredAtMicros: occurredAtMicros, producer: "mataresit-bench", payload: .apiRequest(request))
    }

    /// `count` events at once.
    public mutating func make(_ count: Int, occurredAtMicros: Int64) throws -> [EventEnvelope] {
        var events: [EventEnvelope] = []
        events.reserveCapacity(count)
        for _ in 0..<count { events.append(try next(occurredAtMicros: occurredAtMicros)) }
        return events
    }

    /// The same rows the access-log stage writes for these events (sealed fields opened with the keys here).
    public func accessLogRows(_ events: [EventEnvelope], policy: RedactionPolicy = .default) -> [AccessLogRow] {
        let keys = self.keys
        let projection = AccessLogProjection(policy: policy) { sealed in
            keys[sealed.subject].flatMap { try? PersonalDataSealer.open(sealed, key: $0) }
        }
        return events.compactMap(projection.row(for:))
    }
}
