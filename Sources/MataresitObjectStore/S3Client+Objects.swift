import Crypto
import Foundation
import NIOCore
import NIOHTTP1

extension S3Client {
    /// Stores `body` at `key`: one PUT up to ``S3Configuration/multipartThreshold``, a multipart upload above it.
    @discardableResult
    public func putObject(
        bucket: String, key: String, body: ByteBuffer, options: S3PutOptions = S3PutOptions()
    ) async throws -> S3PutResult {
        try Self.validate(key: key)
        if body.readableBytes > configuration.multipartThreshold {
            return try await multipartUpload(bucket: bucket, key: key, body: body, options: options)
        }
        var request = S3Request(method: .PUT, bucket: bucket, key: key)
        let digest = request.setBody(body)
        request.headers += Self.checksumHeaders(options.checksum, body: body, sha256: digest)
        request.headers += Self.putHeaders(options)
        do {
            let response = try await send(request)
            return S3PutResult(etag: response.headers.first(name: "etag"), parts: nil)
        } catch S3Error.preconditionFailed(let refusal) where refusal.attempts > 1 {
            let md5 = body.withUnsafeReadableBytes { Insecure.MD5.hash(data: $0) }
            return try await earlierAttemptLanded(bucket: bucket, key: key, etag: "\"\(md5.hex)\"", refusal: refusal)
        }
    }

    /// A conditional write refused after a retry may have been refused because its own earlier attempt, whose
    /// answer was lost, stored the object. If the stored ETag is the one this write makes, that is taken as success.
    func earlierAttemptLanded(
        bucket: String, key: String, etag: String, refusal: S3ErrorResponse, parts: Int? = nil
    ) async throws -> S3PutResult {
        guard let stored = try await headObject(bucket: bucket, key: key), stored.etag == etag else {
            throw S3Error.preconditionFailed(refusal)
        }
        logger.info("S3 conditional write landed on an earlier attempt", metadata: ["request": "\(refusal.request)"])
        return S3PutResult(etag: etag, parts: parts)
    }

    @discardableResult
    public func putObject(
        bucket: String, key: String, bytes: some Sequence<UInt8>, options: S3PutOptions = S3PutOptions()
    ) async throws -> S3PutResult {
        try await putObject(bucket: bucket, key: key, body: ByteBuffer(bytes: bytes), options: options)
    }

    /// Reads `key`, or the `range` of it (HTTP 206). A missing key throws ``S3Error/service(_:)`` with `NoSuchKey`.
    public func getObject(
        bucket: String, key: String, range: S3ByteRange? = nil, maxBytes: Int = 1 << 30
    ) async throws -> S3Object {
        try Self.validate(key: key)
        var request = S3Request(method: .GET, bucket: bucket, key: key)
        if let range {
            guard range.isValid else { throw S3Error.invalidArgument("invalid range \(range)") }
            request.headers.append((name: "Range", value: range.header))
        }
        let response = try await send(request, maxResponseBytes: maxBytes) { $0 == 200 || $0 == 206 }
        return S3Object(
            body: response.body, etag: response.headers.first(name: "etag"),
            contentRange: response.headers.first(name: "content-range"),
            contentType: response.headers.first(name: "content-type"))
    }

    /// Size and ETag of `key`; nil when there is no such object.
    public func headObject(bucket: String, key: String) async throws -> S3ObjectInfo? {
        try Self.validate(key: key)
        let request = S3Request(method: .HEAD, bucket: bucket, key: key)
        let response = try await send(request) { (200..<300).contains($0) || $0 == 404 }
        guard response.status != 404 else { return nil }
        guard let size = response.headers.first(name: "content-length").flatMap({ Int($0) }) else {
            throw S3Error.invalidResponse(operation: request.label, reason: "no Content-Length")
        }
        return S3ObjectInfo(
            key: key, size: size, etag: response.headers.first(name: "etag"),
            lastModified: response.headers.first(name: "last-modified").flatMap(S3Dates.parseHTTP),
            contentType: response.headers.first(name: "content-type"))
    }

    /// Deletes `key`; deleting a key that does not exist succeeds, as in S3.
    public func deleteObject(bucket: String, key: String) async throws {
        try Self.validate(key: key)
        _ = try await send(S3Request(method: .DELETE, bucket: bucket, key: key))
    }

    /// Creates `bucket` in the configured region; a bucket this account already owns is fine. For tests and
    /// development: production buckets are made by operators, with their own policies.
    public func createBucket(_ bucket: String) async throws {
        try S3BucketName.validate(bucket)
        var request = S3Request(method: .PUT, bucket: bucket)
        if configuration.region != "us-east-1" {
            let xml =
                S3XMLWriter.header + "<CreateBucketConfiguration \(S3XMLWriter.namespace)>"
                + "<LocationConstraint>\(configuration.region)</LocationConstraint></CreateBucketConfiguration>"
            _ = request.setBody(ByteBuffer(string: xml))
        }
        do {
            _ = try await send(request)
        } catch let error as S3Error where error.code == "BucketAlreadyOwnedByYou" {
            return
        }
    }

    /// Deletes an empty `bucket`; for tests.
    public func deleteBucket(_ bucket: String) async throws {
        try S3BucketName.validate(bucket)
        _ = try await send(S3Request(method: .DELETE, bucket: bucket))
    }

    static func validate(key: String) throws {
        guard !key.isEmpty else { throw S3Error.invalidArgument("empty object key") }
        guard key.utf8.count <= 1024 else { throw S3Error.invalidArgument("object key longer than 1024 bytes") }
    }

    static func putHeaders(_ options: S3PutOptions) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if options.onlyIfAbsent { headers.append((name: "If-None-Match", value: "*")) }
        if let type = options.contentType { headers.append((name: "Content-Type", value: type)) }
        return headers
    }

    static func checksumHeaders(
        _ checksum: S3Checksum, body: ByteBuffer, sha256: SHA256Digest
    ) -> [(name: String, value: String)] {
        switch checksum {
        case .md5:
            let md5 = body.withUnsafeReadableBytes { Insecure.MD5.hash(data: $0) }
            return [(name: "Content-MD5", value: Data(md5).base64EncodedString())]
        case .sha256:
            return [(name: "x-amz-checksum-sha256", value: Data(sha256).base64EncodedString())]
        }
    }
}
