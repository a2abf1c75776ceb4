/// One endpoint as the OpenAPI document describes it, compactly: the document expands it into parameters,
/// a request body, the success envelope around `data`, and references to the shared error responses.
struct APIOperation: Sendable {
    let method: String
    /// Relative to `/api/v1`, with `{name}` path parameters.
    let path: String
    let summary: String
    let tag: String
    /// Required scope (nil: authentication only).
    var scope: String?
    /// Names of shared query parameters (`#/components/parameters/...`).
    var query: [String] = []
    /// Schema name of the JSON body, if any.
    var body: String?
    var status = 200
    /// JSON Schema text of the success envelope's `data`.
    var data = ##"{"type": "object"}"##
    /// Error statuses, each a shared response (`#/components/responses/E<status>`).
    var errors: [Int] = [401, 403]
    /// False for the public document itself (served bare, without the success envelope).
    var authenticated = true

    init(
        _ method: String, _ path: String, _ summary: String, tag: String, scope: String?, query: [String] = [],
        body: String? = nil, status: Int = 200, data: String = ##"{"type": "object"}"##, errors: [Int] = [401, 403],
        authenticated: Bool = true
    ) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.scope = scope
        self.query = query
        self.body = body
        self.status = status
        self.data = data
        self.errors = errors
        self.authenticated = authenticated
    }

    /// An endpoint of the published API this service answers with 501 (in the error envelope) once `scope` is held.
    static func notImplemented(_ method: String, _ path: String, tag: String, scope: String) -> APIOperation {
        APIOperation(method, path, "Not implemented (501)", tag: tag, scope: scope, status: 501, errors: [401, 403])
    }

    /// A stable operation id: method plus the path's words in camel case.
    var operationID: String {
        let words = path.split(whereSeparator: { "/-{}".contains($0) }).map(String.init)
        return method + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    /// The operation object.
    func json() throws -> JSONValue {
        var object: [String: JSONValue] = [
            "operationId": .string(operationID), "summary": .string(summary), "tags": .array([.string(tag)])
        ]
        if let scope { object["description"] = .string("Requires the `\(scope)` scope (or `admin:all`).") }
        if !authenticated { object["security"] = .array([]) }
        let parameters: [JSONValue] =
            pathParameters.map { name in
                .object([
                    "name": .string(name), "in": .string("path"), "required": .bool(true),
                    "schema": .object(["type": .string("string"), "format": .string("uuid")])
                ])
            } + query.map { .object(["$ref": .string("#/components/parameters/\($0)")]) }
        if !parameters.isEmpty { object["parameters"] = .array(parameters) }
        if let body {
            object["requestBody"] = .object([
                "required": .bool(true),
                "content": .object([
                    "application/json": .object(["schema": .object(["$ref": .string("#/components/schemas/\(body)")])])
                ])
            ])
        }
        var responses: [String: JSONValue] = [:]
        if status >= 400 {
            responses["\(status)"] = .object(["$ref": .string("#/components/responses/E\(status)")])
        } else {
            responses["\(status)"] = .object([
                "description": .string(summary),
                "content": .object([
                    "application/json": .object([
                        "schema": authenticated ? try envelope() : try OpenAPIDocument.parse(data)
                    ])
                ])
            ])
        }
        for error in documentedErrors {
            responses["\(error)"] = .object(["$ref": .string("#/components/responses/E\(error)")])
        }
        object["responses"] = .object(responses)
        return .object(object)
    }

    /// `errors` plus the statuses middleware can answer on any route, before the handler runs: 400 for a
    /// suspicious pattern in the URL or body (every route); for authenticated routes 401 (key), 403 (the key's
    /// IP allow-list) and 429 (rate limit, or the client address locked out after failed authentications).
    var documentedErrors: [Int] {
        let anyRoute: Set<Int> = authenticated ? [400, 401, 403, 429] : [400]
        return anyRoute.union(errors).subtracting([status]).sorted()
    }

    /// `{success: true, data, timestamp}` with this operation's data schema.
    func envelope() throws -> JSONValue {
        .object([
            "type": .string("object"),
            "required": .array([.string("success"), .string("data"), .string("timestamp")]),
            "properties": .object([
                "success": .object(["const": .bool(true)]),
                "data": try OpenAPIDocument.parse(data),
                "timestamp": .object(["type": .string("string"), "format": .string("date-time")])
            ])
        ])
    }
}
