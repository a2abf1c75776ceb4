import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MataresitCore
import MataresitStore
import NIOCore
import NIOEmbedded
import PostgresNIO

@testable import MataresitAPI

/// The real router (`buildRouter`: every middleware and route) driven in process, without a socket, against
/// in-memory twins of the stores behind ``APIRepositories``. Groups not yet behind protocols get a Postgres client
/// that never connects: a test that reaches one waits, so tests keep to the groups listed in ``APIRepositories``.
struct InProcessAPI {
    let keys = KeyTwin()
    let teams = TeamTwin()
    let subjectKeys = SubjectKeyTwin()
    let database = DatabaseTwin()
    let publisher = RecordingPublisher()
    let receipts = ReceiptTwin()
    let accessLogs = AccessLogTwin()
    let audit = AuditTwin()
    let users: UserTwin
    let teamDirectory: TeamDirectoryTwin
    /// Attaching reads the receipts twin.
    let claims: ClaimTwin
    /// Reads the receipts, claims and teams twins.
    let search: SearchTwin
    let searchHistory = SearchHistoryTwin()
    /// Computed over the receipts twin.
    let spendingAnalytics: SpendingAnalyticsTwin
    let responder: any HTTPResponder<AppRequestContext>
    let logger = Logger(label: "api-unit")

    init(configure: (inout APIConfiguration) -> Void = { _ in }) throws {
        users = UserTwin(receipts: receipts)
        teamDirectory = TeamDirectoryTwin(roles: teams, users: users, keys: keys, receipts: receipts)
        claims = ClaimTwin(receipts: receipts)
        search = SearchTwin(receipts: receipts, claims: claims, teams: teams)
        spendingAnalytics = SpendingAnalyticsTwin(receipts: receipts)
        var configuration = APIConfiguration()
        configure(&configuration)
        let idle = PostgresClient(
            configuration: .init(
                host: "127.0.0.1", port: 1, username: "none", password: nil, database: nil, tls: .disable))
        var dependencies = APIDependencies(
            client: idle, publisher: publisher,
            subjectKeys: SubjectKeyStore(
                client: idle, wrapper: try KeyWrapper(secret: String(repeating: "k", count: 32)), logger: logger),
            producerName: "api-unit", logger: logger)
        dependencies.repositories = APIRepositories(
            keys: keys, teams: teams, rateLimitCells: RateLimitCellTwin(), subjectKeys: subjectKeys,
            failedAuth: FailedAuthTwin(), database: database, receipts: receipts, lineItems: receipts,
            processingLogs: receipts, categories: CategoryTwin(), teamDirectory: teamDirectory, users: users,
            personalData: users, accessLogs: accessLogs, usage: accessLogs, audit: audit,
            stageFreshness: FreshnessTwin(), claims: claims, search: search, searchHistory: searchHistory,
            spendingAnalytics: spendingAnalytics)
        responder = buildRouter(configuration: configuration, dependencies: dependencies).buildResponder()
    }

    struct Answer {
        let status: Int
        let headers: HTTPFields
        let body: String

        /// The body as JSON (objects as dictionaries).
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
        var data: [String: Any] { json["data"] as? [String: Any] ?? [:] }
        var errorCode: String? { headers[HTTPField.Name("X-Error-Code")!] }
        /// `X-Cache`: HIT or MISS on the cached reads.
        var cacheStatus: String? { headers[HTTPField.Name("X-Cache")!] }
        /// The fields a 400 names (`details.validationErrors[].field`).
        var invalidFields: Set<String> {
            let problems = (json["details"] as? [String: Any])?["validationErrors"] as? [[String: Any]] ?? []
            return Set(problems.compactMap { $0["field"] as? String })
        }
    }

    /// One request through the router; `key` goes in `X-API-Key`, `json` is the body.
    func send(
        _ method: HTTPRequest.Method, _ path: String, key: APIKeySecret? = nil, json: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Answer {
        var headers = extra
        if let key { headers[HTTPField.Name("X-API-Key")!] = key.value }
        if json != nil { headers[.contentType] = "application/json" }
        let request = Request(
            head: HTTPRequest(
                method: method, scheme: "http", authority: "localhost", path: path, headerFields: headers),
            body: RequestBody(buffer: ByteBuffer(string: json ?? "")))
        let context = AppRequestContext(source: .init(channel: NIOAsyncTestingChannel(), logger: logger))
        let response = try await responder.respond(to: request, context: context)
        let collector = BodyCollector()
        try await response.body.write(collector)
        return Answer(
            status: response.status.code, headers: response.headers, body: String(buffer: collector.bytes.value))
    }
}

/// Collects a response body.
private struct BodyCollector: ResponseBodyWriter {
    final class Box: @unchecked Sendable { var value = ByteBuffer() }
    let bytes = Box()

    mutating func write(_ buffer: ByteBuffer) async throws { bytes.value.writeImmutableBuffer(buffer) }
    mutating func write(contentsOf buffers: some Sequence<ByteBuffer>) async throws {
        for buffer in buffers { bytes.value.writeImmutableBuffer(buffer) }
    }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
