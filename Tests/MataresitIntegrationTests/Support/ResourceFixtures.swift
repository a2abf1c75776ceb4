import Foundation
import MataresitCore
import MataresitStore
import Testing

/// Strings that must be stored verbatim and come back unchanged, never interpreted. (The seed's suspicious
/// patterns, such as `drop table` and `<script>`, are refused earlier with 400 and are tested elsewhere.)
enum Hostile {
    static let sql = "Robert'); DELETE FROM receipts WHERE ''=''; --"
    static let html = "<img src=x onerror=alert('x')> & \"quotes\""
    static let unicode = "Café ☕️ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{202E}evil"
    static let like = "100%_off\\"
}

extension RunningSystem {
    /// Sends a JSON object body with the key.
    func send(_ method: String, _ path: String, key: APIKeySecret?, json: [String: Any]? = nil) async throws
        -> HTTPResult
    {
        let body = try json.map { try JSONSerialization.data(withJSONObject: $0) }
        return try await request(
            method, path, key: key?.value, headers: body == nil ? [:] : ["Content-Type": "application/json"],
            body: body)
    }
}

extension HTTPResult {
    /// `data` when it is an array.
    var list: [[String: Any]]? { json?["data"] as? [[String: Any]] }
    /// The error envelope's string code.
    var code: String? { json?["code"] as? String }
    /// The fields named in `details.validationErrors`.
    var invalidFields: Set<String> {
        let details = json?["details"] as? [String: Any]
        let problems = details?["validationErrors"] as? [[String: Any]] ?? []
        return Set(problems.compactMap { $0["field"] as? String })
    }
}

extension TestTenant {
    /// Another key of the same user with exactly these scopes.
    func key(scopes: [Scope], in database: TestDatabase) async throws -> APIKeySecret {
        let key = APIKeySecret.generate(mode: .test)
        try await APIKeyStore(client: database.client, logger: database.logger)
            .create(secret: key, userID: user.id, teamID: nil, name: "scoped key", scopes: scopes)
        return key
    }

    /// Makes this tenant's user a member of another team.
    func join(_ teamID: UUID, as role: TeamRole, in database: TestDatabase) async throws {
        try await TeamStore(client: database.client, logger: database.logger)
            .setMember(teamID: teamID, userID: user.id, role: role)
    }
}

/// A number in a JSON response (numbers may arrive as Int or Double).
func number(_ value: Any?) -> Double? {
    (value as? NSNumber)?.doubleValue
}

/// Today's date (UTC) as `YYYY-MM-DD`.
var todayUTC: String { String(Date().ISO8601Format().prefix(10)) }
