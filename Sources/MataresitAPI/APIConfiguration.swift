import Logging
import MataresitCore
import MataresitStore
import PostgresNIO

/// How the HTTP API listens. Defaults in the doc comments; `MataresitRuntime` reads the environment.
public struct APIConfiguration: Sendable {
    /// Listen address (default `127.0.0.1`; `0.0.0.0` in containers).
    public var host: String
    /// Listen port (`PORT`, default 8080; 0 picks a free port).
    public var port: Int
    /// Tier windows (defaults of DESIGN.md §3, overridden by the seed's rate-limit variables).
    public var rateLimitPolicy: RateLimitPolicy
    /// Cross-origin rules (the seed's `CORS_ALLOWED_*`).
    public var cors: CORSPolicy
    /// The response cache (the seed's `cacheConfig`, `CACHE_MAX_SIZE`, `CACHE_TTL_SECONDS`).
    public var cache = ResponseCachePolicy()
    /// `ENABLE_IP_WHITELIST`: keys with allowed addresses refuse other clients (default false).
    public var ipAllowList = false
    /// `API_KEY_MAX_ACTIVE`: the most keys one user may hold that still authenticate (default 50).
    public var maxActiveKeysPerUser = 50
    /// Who the client is (`TRUSTED_PROXIES`; default: the socket peer, no proxy trusted).
    public var clientAddresses = ClientAddressPolicy()
    /// Suspicious-pattern events are counted per client, pattern and route over this window, one audit row each
    /// (default 60 s).
    public var securityEventWindow: Duration = .seconds(60)
    /// `ENABLE_PERFORMANCE_MONITORING`: the seed's `performance_metric` log records (default true).
    public var performanceRecords = true
    /// ENABLE_GDPR_COMPLIANCE_LOGGING: hourly redaction counts (never values) into the audit log (default true).
    public var gdprComplianceLogging = true
    /// Emit one `api.request` event per request (default true; `mataresit bench api` also measures it off).
    public var emitsRequestEvents = true
    /// Serve `GET /bench/bare` before routing and every middleware, the baseline of `mataresit bench api`
    /// (default false: mounted only in bench mode).
    public var benchBareRoute = false

    public init(
        host: String = "127.0.0.1", port: Int = 8080, rateLimitPolicy: RateLimitPolicy = .defaults,
        cors: CORSPolicy = CORSPolicy()
    ) {
        self.host = host
        self.port = port
        self.rateLimitPolicy = rateLimitPolicy
        self.cors = cors
    }
}

/// What the API needs from the rest of the system; every seam is a small type or protocol.
public struct APIDependencies: Sendable {
    public var client: PostgresClient
    public var publisher: any EventPublishing
    /// The stores behind protocols (default: the Postgres ones on `client`); unit tests put twins here.
    public var repositories: APIRepositories
    /// Names this instance in the events it produces.
    public var producerName: String
    public var logger: Logger
    /// Kafka reachability, stage lag and the metrics text, filled in by the runtime (default: none).
    public var operations: OperationsProbes = .none
    /// The response cache, when the runtime shares it with its invalidation listener (default: the API makes its own).
    public var responseCache: ResponseCache?
    /// The redaction policy of `streams/` for the request events (default: `RedactionPolicy.default`).
    public var redaction: RedactionPolicy = .default
    /// Which stage hosts each projection (for the freshness the read endpoints report); default: the shipped pipeline's.
    public var projectionStages: [ProjectionKind: String] = ProjectionKind.shippedStageNames

    public init(
        client: PostgresClient, publisher: any EventPublishing, subjectKeys: SubjectKeyStore, producerName: String,
        logger: Logger
    ) {
        self.client = client
        self.publisher = publisher
        self.repositories = .postgres(client: client, subjectKeys: subjectKeys, logger: logger)
        self.producerName = producerName
        self.logger = logger
    }
}
