import Crypto
import Foundation

/// Checks one stored event (Kafka or archive) for what an erased user could still be recognised by: sealed values
/// of the user's subject that the given key (nil once shredded) still opens, and plaintext probes (the user's own
/// personal values, e.g. an e-mail address or user agent, supplied by the operator) anywhere in its bytes.
public struct EventResidueCheck: Sendable {
    public struct Finding: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case openableSealedValue = "openable_sealed_value", plaintext, undecodable
        }
        public var kind: Kind
        /// Never the value itself: the probe's position in the probe list, or the sealed field's name.
        public var detail: String
    }

    public let subject: String
    let probes: [[UInt8]]

    public init(userID: UUID, probes: [String]) {
        subject = Subject.user(userID)
        self.probes = probes.filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    /// Findings of one raw event, and how many sealed values of the subject it carries.
    public func inspect(_ raw: [UInt8], key: SymmetricKey?) -> (findings: [Finding], sealedValues: Int) {
        var findings = probes.indices.filter { Self.contains(raw, probes[$0]) }.map {
            Finding(kind: .plaintext, detail: "probe #\($0 + 1)")
        }
        guard let envelope = try? EventCodec.decode(raw) else {
            return (findings + [Finding(kind: .undecodable, detail: "not a Mataresit envelope")], 0)
        }
        let sealed = Self.sealedFields(of: envelope.payload).filter { $0.value.subject == subject }
        if let key {
            for (name, value) in sealed where (try? PersonalDataSealer.open(value, key: key)) != nil {
                findings.append(Finding(kind: .openableSealedValue, detail: name))
            }
        }
        return (findings, sealed.count)
    }

    /// The sealed personal fields a payload carries, by field name.
    public static func sealedFields(of payload: EventPayload) -> [(name: String, value: SealedValue)] {
        switch payload {
        case .apiRequest(let request):
            return [("client_ip", request.clientIP), ("user_agent", request.userAgent)].compactMap { name, value in
                value.map { (name, $0) }
            }
        case .securityEvent(let security):
            return security.clientIP.map { [("client_ip", $0)] } ?? []
        default:
            return []
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
