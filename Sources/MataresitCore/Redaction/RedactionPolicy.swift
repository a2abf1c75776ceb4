/// The redaction policy of `streams/pipeline.yaml` (`redaction:`): per target and field, one action.
/// Fields left out take the defaults: client IP and user agent sealed in events, query strings dropped from
/// events (so query values that look like e-mail addresses, tokens or keys never reach the log), the IP
/// truncated to /24 or /48 in the access log and the user agent kept there.
public struct RedactionPolicy: Sendable, Equatable, Codable {
    /// Field name -> action name, as written in the file (validated by `validationProblems()`).
    public var events: [String: String]
    public var accessLog: [String: String]

    enum CodingKeys: String, CodingKey {
        case events
        case accessLog = "access_log"
    }

    public init(events: [String: String] = [:], accessLog: [String: String] = [:]) {
        self.events = events
        self.accessLog = accessLog
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        events = try container.decodeIfPresent([String: String].self, forKey: .events) ?? [:]
        accessLog = try container.decodeIfPresent([String: String].self, forKey: .accessLog) ?? [:]
    }

    /// The policy when the file declares none.
    public static let `default` = RedactionPolicy()

    static let defaults: [RedactionTarget: [RedactionField: RedactionAction]] = [
        .events: [.clientIP: .seal, .userAgent: .seal, .queryString: .drop, .querySecrets: .drop],
        .accessLog: [.clientIP: .truncate, .userAgent: .keep]
    ]

    /// The action for `field` at `target`; the default when the file is silent or (never after validation) wrong.
    public func action(for field: RedactionField, in target: RedactionTarget) -> RedactionAction {
        let fallback = Self.defaults[target]?[field] ?? .drop
        guard let declared = declared(target)[field.rawValue], let action = RedactionAction(rawValue: declared),
            target.allowedActions(for: field).contains(action)
        else { return fallback }
        return action
    }

    /// Every unknown field, unknown action and action not allowed for its field. Empty when valid.
    public func validationProblems() -> [String] {
        RedactionTarget.allCases.flatMap { target in
            declared(target).sorted { $0.key < $1.key }.compactMap { name, value in
                problem(field: name, action: value, target: target)
            }
        }
    }

    private func problem(field name: String, action value: String, target: RedactionTarget) -> String? {
        let place = "redaction.\(target.rawValue).\(name)"
        guard let field = RedactionField(rawValue: name) else {
            return "\(place): unknown field (known: \(RedactionField.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
        let allowed = target.allowedActions(for: field)
        guard allowed.isEmpty == false else { return "\(place): the field does not apply to \(target.rawValue)" }
        guard let action = RedactionAction(rawValue: value) else {
            return "\(place): unknown action \(value) (known: keep, truncate, hash, drop, seal)"
        }
        guard allowed.contains(action) else {
            return
                "\(place): \(action.rawValue) is not allowed here (allowed: \(allowed.map(\.rawValue).joined(separator: ", ")))"
        }
        return nil
    }

    private func declared(_ target: RedactionTarget) -> [String: String] {
        target == .events ? events : accessLog
    }
}
