import Foundation
import MataresitCore
import MataresitStore

/// Validates `/keys` bodies into the key policy's values. Whether the caller may do what a valid body asks is
/// `KeyPolicy`'s decision (403), not validation's (400).
enum KeyInput {
    struct Creation {
        var name: String
        var description: String?
        var teamID: UUID?
        var terms: KeyTerms
    }

    /// Most addresses or blocks one key may list.
    static let maximumAllowedIPs = 50

    /// A new key's fields. Left out, the scopes are the read scopes the creator holds, and the expiry and allowed
    /// addresses the creator's own (so a new key is within the creator's limits unless the body asks otherwise).
    static func creation(_ object: [String: JSONValue], actor: KeyActor) throws -> Creation {
        var fields = FieldReader(object)
        let name = fields.string("name", required: true, maxLength: 255)
        if let name, name.count < 3 { fields.fail("name", "name must be 3 to 255 characters") }
        let description = fields.string("description", maxLength: 1_000)
        let scopes = Self.scopes(&fields) ?? Scope.readPreset.filter { actor.holds([$0]) }
        let teamID = fields.uuid("teamId")
        let expiresAt = Self.futureDate(&fields, "expiresAt") ?? actor.expiresAt
        let allowedIPs = Self.allowedIPs(&fields) ?? actor.allowedIPs
        guard fields.problems.isEmpty, let name else { throw APIError.validation(fields.problems) }
        return Creation(
            name: name, description: description, teamID: teamID,
            terms: KeyTerms(scopes: scopes, expiresAt: expiresAt, allowedIPs: allowedIPs))
    }

    /// Changes to an existing key (`isActive: false` revokes it).
    static func changes(_ object: [String: JSONValue]) throws -> KeyChanges {
        var fields = FieldReader(object)
        let name = fields.string("name", maxLength: 255)
        if let name, name.count < 3 { fields.fail("name", "name must be 3 to 255 characters") }
        var changes = KeyChanges(
            name: name, description: fields.string("description", maxLength: 1_000), scopes: Self.scopes(&fields),
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

    private static func scopes(_ fields: inout FieldReader) -> [Scope]? {
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
            if !scopes.contains(scope) { scopes.append(scope) }
        }
        return scopes
    }

    /// `allowedIps`: addresses or CIDR blocks (IPv4 or IPv6), stored normalised; `[]` allows any address.
    private static func allowedIPs(_ fields: inout FieldReader) -> [String]? {
        guard let value = fields.object["allowedIps"], value != .null else { return nil }
        guard case .array(let items) = value, items.count <= maximumAllowedIPs else {
            fields.fail(
                "allowedIps", "allowedIps must be an array of at most \(maximumAllowedIPs) addresses or CIDR blocks")
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
