import Crypto
import MataresitCore

/// Accumulates what the verify scan finds in one source (Kafka log or archive). A reference type so that the
/// scanning loops only call methods on it (no captured `var`s mutated in closures).
public final class ResidueTally {
    public let source: String
    let check: EventResidueCheck
    let key: SymmetricKey?
    public private(set) var eventsScanned = 0
    public private(set) var sealedValuesOfSubject = 0
    public private(set) var findings: [String] = []
    /// Findings beyond this many are counted, not listed.
    let listLimit = 50
    public private(set) var unlistedFindings = 0

    public init(source: String, check: EventResidueCheck, key: SymmetricKey?) {
        self.source = source
        self.check = check
        self.key = key
    }

    /// Inspects one stored event found at `place` (e.g. `api.requests.v1[3]@1200`).
    public func inspect(_ raw: [UInt8], at place: String) {
        eventsScanned += 1
        let (found, sealed) = check.inspect(raw, key: key)
        sealedValuesOfSubject += sealed
        for finding in found where finding.kind != .undecodable {
            record("\(source) \(place): \(finding.kind.rawValue) (\(finding.detail))")
        }
    }

    /// A problem with the source itself (unreadable partition, damaged segment).
    public func record(_ finding: String) {
        if findings.count < listLimit { findings.append(finding) } else { unlistedFindings += 1 }
    }

    public var isClean: Bool { findings.isEmpty && unlistedFindings == 0 }
}
