import Foundation
import Testing

/// Every rejected request gets the error envelope with the right status and code, changes nothing,
/// and still produces exactly one access-log row.
@Suite("Bad input is refused cleanly and still logged once")
struct BadInputTests {
    struct Case: Sendable {
        let name: String
        let method: String
        let path: String
        let key: KeyChoice
        var body: Data? = nil
        let status: Int
        let code: String
        /// The fields a VALIDATION_ERROR names.
        var fields: Set<String> = []
    }

    enum KeyChoice: Sendable { case valid, none, unknown, malformed, expired }

    static func cases(tag: String) -> [Case] {
        [
            Case(
                name: "malformed JSON", method: "POST", path: "/api/v1/receipts", key: .valid,
                body: Data("{\"merchant\": ".utf8), status: 400, code: "INVALID_REQUEST_BODY"),
            Case(
                name: "wrong types", method: "POST", path: "/api/v1/receipts?case=types", key: .valid,
                body: Data(#"{"merchant": 12, "date": "soon", "total": "lots"}"#.utf8), status: 400,
                code: "VALIDATION_ERROR", fields: ["merchant", "date", "total"]),
            Case(
                name: "invalid UTF-8", method: "POST", path: "/api/v1/receipts?case=utf8", key: .valid,
                body: Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]), status: 400, code: "INVALID_REQUEST_BODY"),
            Case(
                name: "oversize body", method: "POST", path: "/api/v1/receipts?case=huge", key: .valid,
                body: Data(repeating: 0x20, count: 2 << 20), status: 413, code: "INVALID_REQUEST_BODY"),
            Case(
                name: "JSON nested 510 deep", method: "POST", path: "/api/v1/receipts?case=deep", key: .valid,
                body: Data(
                    (#"{"merchant":"#.utf8) + Array(repeating: UInt8(ascii: "["), count: 510)
                        + Array(repeating: UInt8(ascii: "]"), count: 510) + [UInt8(ascii: "}")]),
                status: 400, code: "INVALID_REQUEST_BODY"),
            Case(
                name: "a day that does not exist", method: "POST", path: "/api/v1/receipts?case=feb30", key: .valid,
                body: Data(#"{"merchant": "Feb", "date": "2026-02-30", "total": 1}"#.utf8), status: 400,
                code: "VALIDATION_ERROR", fields: ["date"]),
            Case(
                name: "a year PostgreSQL cannot hold", method: "POST", path: "/api/v1/receipts?case=y99999",
                key: .valid, body: Data(#"{"merchant": "Far", "date": "99999-01-01", "total": 1}"#.utf8),
                status: 400, code: "VALIDATION_ERROR", fields: ["date"]),
            Case(
                name: "year zero in a filter", method: "GET", path: "/api/v1/receipts?start_date=0000-01-01",
                key: .valid, status: 400, code: "VALIDATION_ERROR", fields: ["start_date"]),
            Case(
                name: "a date filter past 9999", method: "GET", path: "/api/v1/claims?end_date=99999-01-01",
                key: .valid, status: 400, code: "VALIDATION_ERROR", fields: ["end_date"]),
            Case(
                name: "a malformed id in the path", method: "GET", path: "/api/v1/receipts/invalid-uuid", key: .valid,
                status: 400, code: "VALIDATION_ERROR", fields: ["id"]),
            Case(
                name: "a malformed claim id", method: "DELETE", path: "/api/v1/claims/not-a-uuid", key: .valid,
                status: 400, code: "VALIDATION_ERROR", fields: ["id"]),
            Case(
                name: "unknown route", method: "GET", path: "/api/v1/nope-\(tag)", key: .valid,
                status: 404, code: "RESOURCE_NOT_FOUND"),
            Case(
                name: "wrong method", method: "DELETE", path: "/api/v1/receipts", key: .valid,
                status: 405, code: "METHOD_NOT_ALLOWED"),
            Case(
                name: "missing key", method: "GET", path: "/api/v1/receipts", key: .none,
                status: 401, code: "INVALID_API_KEY"),
            Case(
                name: "unknown key", method: "GET", path: "/api/v1/health", key: .unknown,
                status: 401, code: "INVALID_API_KEY"),
            Case(
                name: "malformed key", method: "GET", path: "/api/v1/access-logs", key: .malformed,
                status: 401, code: "INVALID_API_KEY"),
            Case(
                name: "expired key", method: "GET", path: "/api/v1/receipts", key: .expired,
                status: 401, code: "EXPIRED_API_KEY")
        ]
    }

    @Test("each bad request: envelope, status, nothing changed, one access-log row")
    func badRequests() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            let expired = try await tenant.expiredKey(in: database)
            let tag = UUID().uuidString.prefix(8).lowercased()
            let cases = Self.cases(tag: tag)
            try await RunningSystem.with(database: database, cluster: try TestCluster()) { system in
                for item in cases {
                    let key: String? =
                        switch item.key {
                        case .valid: tenant.key.value
                        case .none: nil
                        case .unknown: "mk_test_" + String(repeating: "0", count: 64)
                        case .malformed: "mk_live_not-a-key'; DROP TABLE api_keys; --"
                        case .expired: expired.value
                        }
                    let result = try await system.request(item.method, item.path, key: key, body: item.body)
                    #expect(result.status == item.status, "\(item.name)")
                    #expect(result.json?["error"] as? Bool == true, "\(item.name): error envelope")
                    #expect(result.json?["code"] as? String == item.code, "\(item.name)")
                    #expect(result.header("X-Error-Code") == item.code, "\(item.name)")
                    #expect(result.json?["timestamp"] is String, "\(item.name)")
                    if item.code == "VALIDATION_ERROR" {
                        let details = result.json?["details"] as? [String: Any]
                        let problems = details?["validationErrors"] as? [[String: Any]] ?? []
                        #expect(Set(problems.compactMap { $0["field"] as? String }) == item.fields, "\(item.name)")
                    }
                    if item.status == 405 { #expect(result.header("Allow") == "GET, POST") }
                }
                let logged = try await eventually {
                    try await database.scalar("SELECT count(*) FROM api_access_logs") >= cases.count
                }
                #expect(logged, "not every rejected request reached the access log")
            }
            #expect(try await database.scalar("SELECT count(*) FROM receipts") == 0, "nothing was created")
            #expect(try await database.scalar("SELECT count(*) FROM api_access_logs") == cases.count)
            for item in cases {
                let path = String(item.path.split(separator: "?").first!)
                let rows = try await database.scalar(
                    """
                    SELECT count(*) FROM api_access_logs
                    WHERE method = \(item.method) AND endpoint = \(path) AND status_code = \(item.status)
                      AND error_message = \(item.code)
                    """)
                let sameShape = cases.filter {
                    $0.method == item.method && $0.path.split(separator: "?").first! == path && $0.status == item.status
                        && $0.code == item.code
                }.count
                #expect(rows == sameShape, "\(item.name): one access-log row per request")
            }
        }
    }

    @Test("a client that hangs up mid-body is recorded as a client abort (499), never as a server error")
    func clientAbortIsNotAServerError() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster()) { system in
                let port = try #require(URL(string: system.baseURL)?.port)
                let head =
                    "POST /api/v1/receipts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: \(tenant.key.value)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"merchant\":"
                try RawConnection.send(Array(head.utf8), toPort: port)
                let recorded = try await eventually {
                    try await database.scalar("SELECT count(*) FROM api_access_logs") == 1
                }
                #expect(recorded, "the aborted request has its access-log row")
                #expect(
                    try await database.scalar(
                        "SELECT count(*) FROM api_access_logs WHERE status_code = 499 AND error_message = 'CLIENT_CLOSED_REQUEST'"
                    ) == 1)
                #expect(try await database.scalar("SELECT count(*) FROM receipts") == 0)
            }
        }
    }

    @Test(
        "a request the HTTP parser refuses (100 KB URL, garbage request line) gets the error envelope, changes nothing")
    func unparseableRequests() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster()) { system in
                let port = try #require(URL(string: system.baseURL)?.port)
                let longPath = "/api/v1/receipts?q=" + String(repeating: "a", count: 100_000)
                let requests = [
                    "GET \(longPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: \(tenant.key.value)\r\n\r\n",
                    "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: \(String(repeating: "b", count: 90_000))\r\n\r\n",
                    "\u{01}\u{02} NOT HTTP\r\n\r\n"
                ]
                for raw in requests {
                    let answer = try RawConnection.exchange(Array(raw.utf8), toPort: port)
                    let parts = answer.components(separatedBy: "\r\n\r\n")
                    #expect(answer.hasPrefix("HTTP/1.1 400 "), "\(answer.prefix(80))")
                    #expect(parts[0].lowercased().contains("x-error-code: validation_error"))
                    #expect(parts[0].lowercased().contains("connection: close"))
                    let body = try #require(parts.count > 1 ? parts[1] : nil)
                    let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
                    #expect(json?["error"] as? Bool == true && json?["code"] as? String == "VALIDATION_ERROR")
                    #expect(!answer.contains("aaaaaaaaaa"), "the refused input is not echoed")
                }
                #expect(try await database.scalar("SELECT count(*) FROM receipts") == 0)
                // The server still serves requests that parse.
                #expect(try await system.request("GET", "/api/v1/health", key: tenant.key.value).status == 200)
            }
        }
    }
}
