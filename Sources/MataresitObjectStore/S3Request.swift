import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// One S3 request before addressing and signing.
struct S3Request: Sendable {
    var method: HTTPMethod
    var bucket: String?
    var key: String?
    /// Decoded names and values; S3 takes `uploads` and `delete` as names with empty values.
    var query: [(name: String, value: String)] = []
    var headers: [(name: String, value: String)] = []
    var body: ByteBuffer?
    /// The body's SHA-256 in hex, or `UNSIGNED-PAYLOAD`.
    var payloadSHA256: String = SigV4Request.emptyPayloadSHA256

    /// `PUT bucket/key`, for errors and logs.
    var label: String {
        var text = "\(method.rawValue) \(bucket ?? "")"
        if let key { text += "/\(key)" }
        if let action = query.first?.name, ["uploads", "uploadId", "delete", "list-type"].contains(action) {
            text += "?\(action)"
        }
        return text
    }

    /// Sets the body with its SHA-256, computed here once and reused for signing.
    mutating func setBody(_ buffer: ByteBuffer) -> SHA256Digest {
        let digest = buffer.withUnsafeReadableBytes { SHA256.hash(data: $0) }
        body = buffer
        payloadSHA256 = digest.hex
        return digest
    }
}

/// Where a request goes: the URL to hand to the HTTP client, and the path and host that are signed.
struct S3Address: Equatable {
    var url: String
    var wirePath: String
    var host: String

    /// Path-style puts the bucket in the path, virtual-hosted style in the host name. Buckets with dots go
    /// path-style even then, since `a.b.s3.amazonaws.com` does not match S3's TLS certificate.
    init(endpoint: S3Endpoint, pathStyle: Bool, bucket: String?, key: String?, query: [(name: String, value: String)]) {
        let encodedKey = key.map { SigV4Canonical.encode($0, keepingSlash: true) }
        var host = endpoint.authority
        var path = ""
        if let bucket {
            if pathStyle || bucket.contains(".") {
                path = "/" + bucket
            } else {
                host = bucket + "." + host
            }
        }
        if let encodedKey { path += "/" + encodedKey }
        if path.isEmpty { path = "/" }
        let queryString = query.map { SigV4Canonical.encode($0.name) + "=" + SigV4Canonical.encode($0.value) }
            .joined(separator: "&")
        self.wirePath = path
        self.host = host
        self.url =
            (endpoint.useTLS ? "https://" : "http://") + host + path + (queryString.isEmpty ? "" : "?" + queryString)
    }
}
