import AsyncHTTPClient
import Foundation
import Logging

/// A small S3 client over AsyncHTTPClient: signed requests (SigV4), retries with backoff, single and multipart
/// uploads, ranged reads, listing and deletion. Works with AWS and S3-compatible servers (MinIO, moto, Ceph).
public struct S3Client: Sendable {
    public let configuration: S3Configuration
    let httpClient: HTTPClient
    let logger: Logger
    let signer: SigV4Signer
    let endpoint: S3Endpoint
    /// The signing clock; tests may pin it.
    let now: @Sendable () -> Date

    /// `httpClient` is not shut down by this client; the default one is never shut down.
    public init(
        configuration: S3Configuration, httpClient: HTTPClient = S3Client.defaultHTTPClient,
        logger: Logger = Logger(label: "mataresit.objectstore.s3")
    ) {
        self.init(configuration: configuration, httpClient: httpClient, logger: logger, now: { Date() })
    }

    init(
        configuration: S3Configuration, httpClient: HTTPClient, logger: Logger, now: @escaping @Sendable () -> Date
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        self.signer = .s3(credentials: configuration.credentials, region: configuration.region)
        self.endpoint = configuration.endpoint ?? .aws(region: configuration.region)
        self.now = now
    }

    func address(of request: S3Request) -> S3Address {
        S3Address(
            endpoint: endpoint, pathStyle: configuration.forcePathStyle, bucket: request.bucket, key: request.key,
            query: request.query)
    }
}

extension S3Client {
    /// The HTTP client of S3 clients given none, shared and never shut down. It does not follow redirects (a
    /// redirect to another host would not match the signature; S3's `PermanentRedirect` is reported instead), and
    /// a failed connection fails the attempt at once, so that ``S3RetryPolicy`` alone decides when to try again
    /// (AsyncHTTPClient's own default keeps reconnecting until the request's deadline).
    public static let defaultHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10))
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
