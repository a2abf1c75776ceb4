import Foundation

/// How to reach S3: credentials, region, endpoint, addressing style, retries and multipart sizes.
public struct S3Configuration: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    /// A custom endpoint (`http://127.0.0.1:9000`); nil means AWS's own `https://s3.<region>.amazonaws.com`.
    public var endpoint: S3Endpoint?
    /// Path-style URLs (`endpoint/bucket/key`) instead of virtual-hosted ones (`bucket.endpoint/key`).
    public var forcePathStyle: Bool
    public var retry: S3RetryPolicy
    /// Bodies larger than this are uploaded in parts.
    public var multipartThreshold: Int
    /// The size of each part but the last; at least 5 MiB, as S3 requires.
    public var partSize: Int
    /// How many parts are uploaded at once.
    public var partConcurrency: Int
    /// The longest one HTTP attempt may take, body included.
    public var requestTimeout: Duration

    public static let minimumPartSize = 5 * 1024 * 1024

    public init(
        credentials: AWSCredentials, region: String = "us-east-1", endpoint: S3Endpoint? = nil,
        forcePathStyle: Bool? = nil, retry: S3RetryPolicy = S3RetryPolicy(),
        multipartThreshold: Int = 16 * 1024 * 1024, partSize: Int = 8 * 1024 * 1024, partConcurrency: Int = 4,
        requestTimeout: Duration = .seconds(300)
    ) {
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint
        self.forcePathStyle = forcePathStyle ?? (endpoint != nil)
        self.retry = retry
        self.multipartThreshold = multipartThreshold
        self.partSize = max(partSize, Self.minimumPartSize)
        self.partConcurrency = max(partConcurrency, 1)
        self.requestTimeout = requestTimeout
    }
}

/// A custom S3 endpoint: scheme, host and port, no path.
public struct S3Endpoint: Sendable, Equatable {
    public let useTLS: Bool
    public let host: String
    public let port: Int?

    public init(url: String) throws(S3ConfigurationError) {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased() else {
            throw .invalidEndpoint(url, reason: "not a URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw .invalidEndpoint(url, reason: "scheme must be http or https")
        }
        guard let host = parts.host, !host.isEmpty else { throw .invalidEndpoint(url, reason: "the host is missing") }
        guard parts.path.isEmpty || parts.path == "/" else {
            throw .invalidEndpoint(url, reason: "a path is not supported")
        }
        guard parts.query == nil, parts.fragment == nil, parts.user == nil else {
            throw .invalidEndpoint(url, reason: "user, query and fragment are not allowed")
        }
        self.useTLS = scheme == "https"
        self.host = host
        self.port = parts.port
    }

    /// AWS's endpoint for `region`.
    public static func aws(region: String) -> S3Endpoint {
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        // The URL is built from a fixed pattern, so parsing cannot fail for a valid region.
        return (try? S3Endpoint(url: "https://s3.\(region).\(domain)"))
            ?? S3Endpoint(useTLS: true, host: "s3.amazonaws.com", port: nil)
    }

    init(useTLS: Bool, host: String, port: Int?) {
        self.useTLS = useTLS
        self.host = host
        self.port = port
    }

    /// `host` or `host:port` when the port is not the scheme's default, as the `Host` header carries it.
    var authority: String {
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        guard let port, port != (useTLS ? 443 : 80) else { return bracketed }
        return "\(bracketed):\(port)"
    }
}
