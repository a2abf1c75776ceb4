import Foundation

/// The OpenAPI 3.1 document of the API, served at `/api/v1/openapi.json`. Assembled from the operations and
/// schema fragments of each area (`OpenAPIDocument+<Area>.swift`).
enum OpenAPIDocument {
    /// Every operation of the document.
    static var operations: [APIOperation] {
        systemOperations + receiptOperations + claimOperations + teamOperations + accountOperations
            + insightOperations + auditOperations + personalDataOperations + keyOperations
    }

    /// JSON text fragments holding `components.schemas` entries.
    static var schemaFragments: [String] {
        [
            commonSchemas, receiptSchemas, claimSchemas, teamSchemas, accountSchemas, insightSchemas,
            personalDataSchemas, keySchemas
        ]
    }

    /// The whole document as JSON bytes (sorted keys), built once.
    static let rendered: Result<Data, any Error> = Result { try JSONCoding.encoder.encode(try build()) }

    static func build() throws -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for operation in operations {
            paths["/api/v1/" + operation.path, default: [:]][operation.method] = try operation.json()
        }
        var schemas: [String: JSONValue] = [:]
        for fragment in schemaFragments {
            guard case .object(let entries) = try parse(fragment) else { throw OpenAPIError.notAnObject }
            schemas.merge(entries) { _, new in new }
        }
        guard case .object(var base) = try parse(baseDocument), case .object(var components)? = base["components"]
        else { throw OpenAPIError.notAnObject }
        components["schemas"] = .object(schemas)
        base["components"] = .object(components)
        base["paths"] = .object(paths.mapValues { .object($0) })
        return .object(base)
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))
    }

    enum OpenAPIError: Error { case notAnObject }
}
