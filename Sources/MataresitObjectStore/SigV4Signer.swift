import Crypto
import Foundation

/// AWS credentials as operators give them (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`).
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Never prints the secret or the token, so credentials can appear in logs and errors.
    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secret: <redacted>, sessionToken: "
            + (sessionToken == nil ? "none" : "<redacted>") + ")"
    }
}

/// A request as Signature Version 4 sees it.
///
/// `path` is the path as sent on the wire (already percent-encoded, e.g. `/bucket/a%20b`); `query` holds the
/// decoded names and values (the signer encodes them); `headers` are as sent (names in any case, repeated names
/// allowed); `payloadSHA256` is the body's SHA-256 in hex, or ``unsignedPayload``.
public struct SigV4Request: Sendable, Equatable {
    public var method: String
    public var path: String
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var payloadSHA256: String

    /// Lets S3 take a body whose hash is not known in advance; the body is then not covered by the signature.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// The SHA-256 of an empty body.
    public static let emptyPayloadSHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)], payloadSHA256: String
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadSHA256 = payloadSHA256
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.payloadSHA256 == rhs.payloadSHA256
            && lhs.query.elementsEqual(rhs.query, by: ==) && lhs.headers.elementsEqual(rhs.headers, by: ==)
    }

    /// The SHA-256 of `body` in lowercase hex, as `x-amz-content-sha256` and the canonical request carry it.
    public static func sha256Hex(_ body: some DataProtocol) -> String { SHA256.hash(data: body).hex }

    func hasHeader(_ name: String) -> Bool {
        headers.contains { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) with the signature in the `Authorization` header, checked against
/// AWS's published test suite.
///
/// S3 signs the path as given (`normalizesPath: false`) and wants `x-amz-content-sha256`; other services remove dot
/// segments and repeated slashes and encode the path a second time.
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    public let normalizesPath: Bool
    /// Whether ``sign(_:at:)`` adds `x-amz-content-sha256`, which S3 requires on every request.
    public let sendsContentSHA256: Bool

    public init(
        credentials: AWSCredentials, region: String, service: String, normalizesPath: Bool = true,
        sendsContentSHA256: Bool = false
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.normalizesPath = normalizesPath
        self.sendsContentSHA256 = sendsContentSHA256
    }

    /// The signer S3 needs: service `s3`, no path normalisation, `x-amz-content-sha256` sent.
    public static func s3(credentials: AWSCredentials, region: String) -> SigV4Signer {
        SigV4Signer(
            credentials: credentials, region: region, service: "s3", normalizesPath: false, sendsContentSHA256: true)
    }

    /// The headers to send: `request`'s own, plus `x-amz-date`, `x-amz-content-sha256` (S3),
    /// `x-amz-security-token` (with a session token) and `Authorization`, all but the last signed.
    public func sign(_ request: SigV4Request, at date: Date) -> [(name: String, value: String)] {
        var request = request
        request.headers.removeAll { $0.name.caseInsensitiveCompare("x-amz-date") == .orderedSame }
        request.headers.append((name: "x-amz-date", value: SigV4Date.stamp(date)))
        if sendsContentSHA256, !request.hasHeader("x-amz-content-sha256") {
            request.headers.append((name: "x-amz-content-sha256", value: request.payloadSHA256))
        }
        if let token = credentials.sessionToken, !request.hasHeader("x-amz-security-token") {
            request.headers.append((name: "x-amz-security-token", value: token))
        }
        return request.headers + [(name: "Authorization", value: authorization(for: request, at: date))]
    }

    /// The `Authorization` header value for `request`, signed at `date` (which `x-amz-date` must carry).
    public func authorization(for request: SigV4Request, at date: Date) -> String {
        let headers = SigV4Canonical.headers(request.headers)
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(at: date)), "
            + "SignedHeaders=\(headers.signed), Signature=\(signature(for: request, at: date))"
    }

    public func signature(for request: SigV4Request, at date: Date) -> String {
        let key = signingKey(at: date)
        return HMAC<SHA256>.authenticationCode(for: Data(stringToSign(for: request, at: date).utf8), using: key).hex
    }

    public func stringToSign(for request: SigV4Request, at date: Date) -> String {
        let canonical = canonicalRequest(for: request)
        return ["AWS4-HMAC-SHA256", SigV4Date.stamp(date), scope(at: date), SHA256.hash(data: Data(canonical.utf8)).hex]
            .joined(separator: "\n")
    }

    public func canonicalRequest(for request: SigV4Request) -> String {
        let headers = SigV4Canonical.headers(request.headers)
        return [
            request.method, SigV4Canonical.uri(wirePath: request.path, normalizing: normalizesPath),
            SigV4Canonical.query(request.query), headers.canonical, headers.signed, request.payloadSHA256
        ].joined(separator: "\n")
    }

    /// `20150830/us-east-1/service/aws4_request`.
    public func scope(at date: Date) -> String {
        "\(SigV4Date.day(date))/\(region)/\(service)/aws4_request"
    }

    private func signingKey(at date: Date) -> SymmetricKey {
        var key = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [SigV4Date.day(date), region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }
}
