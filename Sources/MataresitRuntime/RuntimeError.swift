/// Errors of wiring and start-up, each naming what to fix.
public enum RuntimeError: Error, CustomStringConvertible {
    case missingDependency(String)
    case commandFailed(tool: String, status: Int32, message: String)
    case configuration(variable: String, problem: String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .missingDependency(let message): return message
        case .commandFailed(let tool, let status, let message):
            return "\(tool) failed with status \(status)" + (message.isEmpty ? "" : ": \(message)")
        case .configuration(let variable, let problem): return "\(variable): \(problem)"
        case .invalidArgument(let message): return message
        }
    }
}
