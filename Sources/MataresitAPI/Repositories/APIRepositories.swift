import Logging
import MataresitCore
import MataresitStore
import PostgresNIO

/// What the request path and the endpoint groups behind protocols read and write: the Postgres stores in
/// production (``postgres(client:subjectKeys:logger:)``), in-memory twins in the API's unit tests.
public struct APIRepositories: Sendable {
    public var keys: any APIKeyRepository
    public var teams: any TeamRepository
    public var rateLimitCells: any RateLimitCellRepository
    public var subjectKeys: any SubjectKeyRepository
    public var failedAuth: any FailedAuthRepository
    public var database: any DatabasePing
    public var receipts: any ReceiptRepository
    public var lineItems: any LineItemRepository
    public var processingLogs: any ProcessingLogRepository
    public var categories: any CategoryRepository
    public var teamDirectory: any TeamDirectoryRepository
    public var users: any UserRepository
    public var personalData: any PersonalDataExporting
    public var accessLogs: any AccessLogRepository
    public var usage: any UsageRepository
    public var audit: any AuditLogRepository
    public var stageFreshness: any StageFreshnessRepository
    public var claims: any ClaimRepository
    public var search: any SearchRepository
    public var searchHistory: any SearchHistoryRepository
    public var spendingAnalytics: any SpendingAnalyticsRepository

    /// The Postgres implementations of `MataresitStore`.
    public static func postgres(client: PostgresClient, subjectKeys: SubjectKeyStore, logger: Logger) -> Self {
        APIRepositories(
            keys: APIKeyStore(client: client, logger: logger), teams: TeamStore(client: client, logger: logger),
            rateLimitCells: RateLimitCellStore(client: client, logger: logger), subjectKeys: subjectKeys,
            failedAuth: FailedAuthStore(client: client, logger: logger),
            database: DatabaseLiveness(client: client, logger: logger),
            receipts: ReceiptStore(client: client, logger: logger),
            lineItems: LineItemStore(client: client, logger: logger),
            processingLogs: ProcessingLogStore(client: client, logger: logger),
            categories: CategoryStore(client: client, logger: logger),
            teamDirectory: TeamStore(client: client, logger: logger), users: UserStore(client: client, logger: logger),
            personalData: PersonalDataExport(client: client, logger: logger),
            accessLogs: AccessLogStore(client: client, logger: logger),
            usage: UsageStore(client: client, logger: logger),
            audit: AuditLogStore(client: client, logger: logger),
            stageFreshness: StageOffsetStore(client: client, logger: logger),
            claims: ClaimStore(client: client, logger: logger), search: SearchStore(client: client, logger: logger),
            searchHistory: SearchHistoryStore(client: client, logger: logger),
            spendingAnalytics: SpendingAnalyticsStore(client: client, logger: logger))
    }
}
