import Foundation
import Hummingbird
import MataresitCore

/// `GET /health` in the published shape, plus the database, Kafka, AI-service state and the stages' lag.
struct HealthController {
    let database: DatabaseProbe
    var operations: OperationsProbes = .none

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "health", health)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        // One after the other: both answer from a cache almost always, and `async let` would cost two child tasks
        // per request.
        let databaseHealthy = await database.isHealthy()
        let kafkaHealthy = await operations.kafkaReachable()
        let lag = await operations.stageLag()
        let key = caller.key
        return try APIResponse.success(
            Health(
                status: databaseHealthy && kafkaHealthy ? "healthy" : "degraded", version: "v1",
                function: "external-api",
                timestamp: Date(), user: .init(id: key.userID.lowercased, scopes: key.scopes.map(\.rawValue)),
                mode: key.prefix.hasPrefix("mk_test_") ? "test" : "production",
                features: Health.allFeatures, database: databaseHealthy, kafka: kafkaHealthy, lag: lag,
                aiService: "not_configured",
                limits: .init(tier: key.tier.rawValue)))
    }
}

struct Health: Encodable {
    struct User: Encodable, DirectJSON {
        let id: String
        let scopes: [String]

        func writeJSON(to object: inout JSONObjectWriter) throws {
            object.field("id", id)
            try object.field("scopes", encoding: scopes)
        }
    }

    struct Limits: Encodable {
        let tier: String
    }

    static let allFeatures = [
        "receipts": true, "claims": true, "me": true, "categories": true, "gamification": true, "search": true,
        "analytics": true, "teams": true
    ]

    let status: String
    let version: String
    let function: String
    let timestamp: Date
    let user: User
    let mode: String
    let features: [String: Bool]
    let database: Bool
    let kafka: Bool
    /// Per stage: messages not yet applied and event-time seconds behind.
    let lag: [StageLag]
    let aiService: String
    let limits: Limits

    enum CodingKeys: String, CodingKey {
        case status, version, function, timestamp, user, mode, features, database, kafka, lag, limits
        case aiService = "ai_service"
    }
}

/// `encode(to:)`'s members in key order; the usual features are encoded once.
extension Health: DirectJSON {
    private static let featuresJSON = try! ResponseJSONEncoder.encode(allFeatures)

    func writeJSON(to object: inout JSONObjectWriter) throws {
        object.field("ai_service", aiService)
        object.field("database", database)
        if features == Self.allFeatures {
            object.field("features", json: Self.featuresJSON)
        } else {
            try object.field("features", encoding: features)
        }
        object.field("function", function)
        object.field("kafka", kafka)
        try object.field("lag", encoding: lag)
        try object.field("limits", encoding: limits)
        object.field("mode", mode)
        object.field("status", status)
        object.field("timestamp", timestamp)
        try object.field("user", encoding: user)
        object.field("version", version)
    }
}
