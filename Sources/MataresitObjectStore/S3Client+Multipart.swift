import Crypto
import Foundation
import NIOCore

extension S3Client {
    /// Uploads `body` in parts of ``S3Configuration/partSize`` (all but the last at least 5 MiB, at most 10,000
    /// parts), several at once, then completes the upload; on any failure the upload is aborted so its parts do
    /// not linger (and cost) in the bucket.
    func multipartUpload(
        bucket: String, key: String, body: ByteBuffer, options: S3PutOptions
    ) async throws -> S3PutResult {
        let uploadID = try await createMultipartUpload(bucket: bucket, key: key, contentType: options.contentType)
        do {
            let etags = try await uploadParts(bucket: bucket, key: key, uploadID: uploadID, body: body)
            let etag = try await completeMultipartUpload(
                bucket: bucket, key: key, uploadID: uploadID, etags: etags, onlyIfAbsent: options.onlyIfAbsent)
            return S3PutResult(etag: etag, parts: etags.count)
        } catch {
            // A new task, so that cancellation of this one does not also cancel the clean-up.
            let client = self
            await Task {
                do {
                    try await client.abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
                } catch {
                    client.logger.warning("S3 abort of multipart upload failed", metadata: ["error": "\(error)"])
                }
            }.value
            throw error
        }
    }

    /// Drops an unfinished multipart upload and its parts.
    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        let request = S3Request(method: .DELETE, bucket: bucket, key: key, query: [(name: "uploadId", value: uploadID)])
        _ = try await send(request) { (200..<300).contains($0) || $0 == 404 }
    }

    func createMultipartUpload(bucket: String, key: String, contentType: String?) async throws -> String {
        var request = S3Request(method: .POST, bucket: bucket, key: key, query: [(name: "uploads", value: "")])
        if let contentType { request.headers.append((name: "Content-Type", value: contentType)) }
        let response = try await send(request)
        guard let uploadID = S3XMLNode.parse(Data(response.body.readableBytesView))?.value("UploadId") else {
            throw S3Error.invalidResponse(operation: request.label, reason: "no UploadId")
        }
        return uploadID
    }

    /// The part size: the configured one, raised if needed so that `total` fits in 10,000 parts.
    func partSize(for total: Int) -> Int {
        max(configuration.partSize, (total + 9_999) / 10_000)
    }

    /// The ETags of the parts in order.
    func uploadParts(bucket: String, key: String, uploadID: String, body: ByteBuffer) async throws -> [String] {
        let size = partSize(for: body.readableBytes)
        let count = (body.readableBytes + size - 1) / size
        let width = min(configuration.partConcurrency, count)
        return try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var etags = [String](repeating: "", count: count)
            for index in 0..<width {
                group.addTask { try await uploadPart(bucket, key, uploadID, index, size, body) }
            }
            var next = width
            while let (index, etag) = try await group.next() {
                etags[index] = etag
                if next < count {
                    let index = next
                    group.addTask { try await uploadPart(bucket, key, uploadID, index, size, body) }
                    next += 1
                }
            }
            return etags
        }
    }

    private func uploadPart(
        _ bucket: String, _ key: String, _ uploadID: String, _ index: Int, _ size: Int, _ body: ByteBuffer
    ) async throws -> (Int, String) {
        let offset = index * size
        let length = min(size, body.readableBytes - offset)
        let part = body.getSlice(at: body.readerIndex + offset, length: length) ?? ByteBuffer()
        var request = S3Request(
            method: .PUT, bucket: bucket, key: key,
            query: [(name: "partNumber", value: String(index + 1)), (name: "uploadId", value: uploadID)])
        let digest = request.setBody(part)
        request.headers += Self.checksumHeaders(.md5, body: part, sha256: digest)
        let response = try await send(request)
        guard let etag = response.headers.first(name: "etag") else {
            throw S3Error.invalidResponse(operation: request.label, reason: "part \(index + 1) has no ETag")
        }
        return (index, etag)
    }

    func completeMultipartUpload(
        bucket: String, key: String, uploadID: String, etags: [String], onlyIfAbsent: Bool
    ) async throws -> String? {
        var request = S3Request(method: .POST, bucket: bucket, key: key, query: [(name: "uploadId", value: uploadID)])
        let parts = etags.enumerated().map { index, etag in
            "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(S3XMLWriter.escape(etag))</ETag></Part>"
        }
        let xml =
            S3XMLWriter.header + "<CompleteMultipartUpload \(S3XMLWriter.namespace)>" + parts.joined()
            + "</CompleteMultipartUpload>"
        _ = request.setBody(ByteBuffer(string: xml))
        if onlyIfAbsent { request.headers.append((name: "If-None-Match", value: "*")) }
        do {
            let response = try await send(request, readsEmbeddedError: true)
            return S3XMLNode.parse(Data(response.body.readableBytesView))?.value("ETag")
        } catch S3Error.preconditionFailed(let refusal) where refusal.attempts > 1 {
            // A retried complete may be refused because of the object its own first attempt made.
            guard let etag = Self.multipartETag(etags) else { throw S3Error.preconditionFailed(refusal) }
            return try await earlierAttemptLanded(bucket: bucket, key: key, etag: etag, refusal: refusal).etag
        }
    }

    /// S3's ETag of a multipart object: the MD5 of the parts' binary MD5s, a dash, the number of parts. Nil when a
    /// part's ETag is not an MD5 (as with SSE-KMS).
    static func multipartETag(_ etags: [String]) -> String? {
        var digests: [UInt8] = []
        for etag in etags {
            let hex = Array(etag.utf8.filter { $0 != UInt8(ascii: "\"") })
            guard hex.count == 32, let bytes = bytes(fromHex: hex) else { return nil }
            digests += bytes
        }
        return "\"\(Insecure.MD5.hash(data: digests).hex)-\(etags.count)\""
    }

    private static func bytes(fromHex hex: [UInt8]) -> [UInt8]? {
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: hex.count, by: 2) {
            guard let byte = UInt8(String(decoding: hex[index...index + 1], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }
}
