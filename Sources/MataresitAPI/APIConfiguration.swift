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
    public var subjectKeys: SubjectKeyStore
    /// Names this instance in the events it produces.
    public var producerName: String
    public var logger: Logger
    /// Kafka reachability, stage lag and the metrics text, filled in by the runtime (default: none).
    public var operations: OperationsProbes = .none

    public init(
        client: PostgresClient, publisher: any EventPublishing, subjectKeys: SubjectKeyStore, producerName: String,
        logger: Logger
    ) {
        self.client = client
        self.publisher = publisher
        self.subjectKeys = subjectKeys
        self.producerName = producerName
        self.logger = logger
    }
}
