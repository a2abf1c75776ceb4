import Foundation
import MataresitCore
import MataresitStore

/// Validates `/keys` bodies. A key can only hand out scopes it holds itself (`admin:all` holds all), so a
/// leaked read-only key cannot mint a stronger one.
enum KeyInput {
    struct Creation {
        var name: String
        var description: String?
        var scopes: [Scope]
        var teamID: UUID?
        var expiresAt: Date?
        var allowedIPs: [String]
    }

    /// Most addresses or blocks one key may list.
    static let maximumAllowedIPs = 50

    static func creation(_ object: [String: JSONValue], caller: AuthenticatedCaller) throws -> Creation {
        var fields = FieldReader(object)
        let name = fields.string("name", required: true, maxLength: 255)
        if let name, name.count < 3 { fields.fail("name", "name must be 3 to 255 characters") }
        let description = fields.string("description", maxLength: 1_000)
        let scopes = Self.scopes(&fields, caller: caller) ?? Scope.readPreset.filter { $0.isSatisfied(by: caller.key.scopes) }
        let teamID = fields.uuid("teamId")
        let expiresAt = Self.futureDate(&fields, "expiresAt")
        let allowedIPs = Self.allowedIPs(&fields) ?? []
        guard fields.problems.isEmpty, let name else { throw APIError.validation(fields.problems) }
        return Creation(
            name: name, description: description, scopes: scopes, teamID: teamID, expiresAt: expiresAt,
            allowedIPs: allowedIPs)
    }

    static func changes(_ object: [String: JSONValue], caller: AuthenticatedCaller) throws -> APIKeyChanges {
        var fields = FieldReader(object)
        let name = fields.string("name", maxLength: 255)
        if let name, name.count < 3 { fields.fail("name", "name must be 3 to 255 characters") }
        var changes = APIKeyChanges(
            name: name, description: fields.string("description", maxLength: 1_000),
            scopes: Self.scopes(&fields, caller: caller)?.map(\.rawValue),
            expiresAt: Self.futureDate(&fields, "expiresAt"), allowedIPs: Self.allowedIPs(&fields))
        switch object["isActive"] {
        case nil, .null?: break
        case .bool(let active)?: changes.isActive = active
        default: fields.fail("isActive", "isActive must be true or false")
        }
        guard fields.problems.isEmpty else { throw APIError.validation(fields.problems) }
        return changes
    }

    /// Rotation grace in hours (default 24, at most 720).
    static func graceHours(_ object: [String: JSONValue]) throws -> Int {
        switch object["graceHours"] {
        case nil, .null?: return 24
        case .number(let hours)? where hours >= 0 && hours <= 720 && hours == hours.rounded(): return Int(hours)
        default: throw APIError.validation([("graceHours", "graceHours must be a whole number from 0 to 720")])
        }
    }

    private static func scopes(_ fields: inout FieldReader, caller: AuthenticatedCaller) -> [Scope]? {
        guard let value = fields.object["scopes"], value != .null else { return nil }
        guard case .array(let items) = value, !items.isEmpty else {
            fields.fail("scopes", "scopes must be a non-empty array of scope names")
            return nil
        }
        var scopes: [Scope] = []
        for item in items {
            guard case .string(let name) = item, let scope = Scope(rawValue: name) else {
                fields.fail("scopes", "unknown scope; valid: \(Scope.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            guard scope.isSatisfied(by: caller.key.scopes) else {
                fields.fail("scopes", "this key cannot grant \(scope.rawValue), which it does not hold")
                return nil
            }
            if !scopes.contains(scope) { scopes.append(scope) }
        }
        return scopes
    }

    /// `allowedIps`: addresses or CIDR blocks (IPv4 or IPv6), stored normalised; `[]` allows any address.
    private static func allowedIPs(_ fields: inout FieldReader) -> [String]? {
        guard let value = fields.object["allowedIps"], value != .null else { return nil }
        guard case .array(let items) = value, items.count <= maximumAllowedIPs else {
            fields.fail("allowedIps", "allowedIps must be an array of at most \(maximumAllowedIPs) addresses or CIDR blocks")
            return nil
        }
        var ranges: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, text.count <= 64, let range = IPRange(text) else {
                fields.fail("allowedIps[\(index)]", "must be an IP address or CIDR block such as 203.0.113.0/24")
                return nil
            }
            if !ranges.contains(range.description) { ranges.append(range.description) }
        }
        return ranges
    }

    private static func futureDate(_ fields: inout FieldReader, _ field: String) -> Date? {
        guard let text = fields.string(field, maxLength: 40) else { return nil }
        guard let date = try? Date(text, strategy: .iso8601) else {
            fields.fail(field, "\(field) must be an ISO-8601 date-time")
            return nil
        }
        guard date > Date() else {
            fields.fail(field, "\(field) must be in the future")
            return nil
        }
        return date
    }
}
