import Foundation
import Hummingbird
import MataresitStore

/// `GET /access-logs`: the caller's own requests, newest first, read from the access-log projection,
/// with how fresh that projection is.
struct AccessLogsController {
    let accessLogs: AccessLogStore
    let offsets: StageOffsetStore
    static let stage = "access-log"

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "access-logs", list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let pagination = try Pagination(request)
        let page = try await accessLogs.list(userID: caller.userID, page: pagination.page, limit: pagination.limit)
        let freshness = try await Freshness.of(stage: Self.stage, offsets: offsets)
        return try APIResponse.success(
            AccessLogList(entries: page.items, pagination: Pagination.summary(of: page), freshness: freshness))
    }
}

struct AccessLogList: Encodable {
    let entries: [AccessLogEntry]
    let pagination: PaginationSummary
    let freshness: Freshness
}

/// How fresh a projection is: `as_of` is the newest event time applied; `lag_seconds` is how far behind
/// event time the stage was at its last commit (null before the first commit).
struct Freshness: Encodable {
    let stage: String
    let asOf: Date?
    let committedAt: Date?
    let lagSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case stage, asOf = "as_of", committedAt = "committed_at", lagSeconds = "lag_seconds"
    }

    static func of(stage: String, offsets: StageOffsetStore) async throws -> Freshness {
        let (asOf, committedAt) = try await offsets.freshness(stage: stage)
        let lag = zip(asOf, committedAt).map { max(0, $1.timeIntervalSince($0)) }
        return Freshness(stage: stage, asOf: asOf, committedAt: committedAt, lagSeconds: lag)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stage, forKey: .stage)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(committedAt, forKey: .committedAt)
        try container.encode(lagSeconds, forKey: .lagSeconds)
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
