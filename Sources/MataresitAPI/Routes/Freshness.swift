import Foundation
import MataresitCore
import MataresitStore

/// A page of a projection's rows with how fresh the projection is (`/access-logs`, `/audit`).
struct FreshPage<Entry: Encodable & Sendable>: Encodable {
    let entries: [Entry]
    let pagination: PaginationSummary
    let freshness: Freshness

    init(_ page: Page<Entry>, freshness: Freshness) {
        entries = page.items
        pagination = Pagination.summary(of: page)
        self.freshness = freshness
    }
}

/// How fresh a projection is: `as_of` is the newest event time applied, `committed_at` the stage's last commit, and
/// `lag_seconds` the age of the oldest event the stage has not applied yet (0 when caught up; null when the runtime
/// cannot tell, for example with Kafka unreachable and nothing known).
struct Freshness: Encodable {
    let stage: String
    let asOf: Date?
    let committedAt: Date?
    let lagSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case stage, asOf = "as_of", committedAt = "committed_at", lagSeconds = "lag_seconds"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stage, forKey: .stage)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(committedAt, forKey: .committedAt)
        try container.encode(lagSeconds, forKey: .lagSeconds)
    }
}

/// Where a projection's freshness comes from: the stage's stored position and the runtime's lag probe.
struct FreshnessSource: Sendable {
    let offsets: any StageFreshnessRepository
    let stageLag: @Sendable () async -> [StageLag]
    /// The stage hosting each projection.
    let stages: [ProjectionKind: String]

    /// The freshness of the stage hosting `projection`.
    func of(_ projection: ProjectionKind) async throws -> Freshness {
        try await of(stage: stages[projection] ?? projection.rawValue)
    }

    func of(stage: String) async throws -> Freshness {
        let (asOf, committedAt) = try await offsets.freshness(stage: stage)
        let lag = await stageLag().first { $0.stage == stage }?.seconds
        return Freshness(stage: stage, asOf: asOf, committedAt: committedAt, lagSeconds: lag)
    }
}
