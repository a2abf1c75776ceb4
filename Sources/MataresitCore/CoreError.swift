/// Errors of the pure core. Descriptions never contain payloads or secrets.
public enum CoreError: Error, Equatable, CustomStringConvertible {
    case undecodableEvent(reason: String)
    case sealing(reason: String)
    case invalidPipeline(problems: [String])

    public var description: String {
        switch self {
        case .undecodableEvent(let reason): return "undecodable event: \(reason)"
        case .sealing(let reason): return "sealing failed: \(reason)"
        case .invalidPipeline(let problems): return "invalid pipeline: " + problems.joined(separator: "; ")
        }
    }
}
