import Crypto
import Foundation
import NIOCore

/// A key that DeleteObjects could not delete, and S3's reason.
public struct S3DeleteFailure: Sendable, Equatable {
    public var key: String
    public var code: String?
    public var message: String?
}

extension S3Client {
    /// Deletes `keys` with DeleteObjects, 1,000 per request; returns the keys S3 refused (missing keys are not
    /// refused). Throws when a whole request fails.
    public func deleteObjects(bucket: String, keys: [String]) async throws -> [S3DeleteFailure] {
        var failures: [S3DeleteFailure] = []
        for start in stride(from: 0, to: keys.count, by: 1_000) {
            let batch = keys[start..<min(start + 1_000, keys.count)]
            failures += try await deleteBatch(bucket: bucket, keys: Array(batch))
        }
        return failures
    }

    private func deleteBatch(bucket: String, keys: [String]) async throws -> [S3DeleteFailure] {
        for key in keys { try Self.validate(key: key) }
        let objects = keys.map { "<Object><Key>\(S3XMLWriter.escape($0))</Key></Object>" }.joined()
        let xml = S3XMLWriter.header + "<Delete \(S3XMLWriter.namespace)><Quiet>true</Quiet>\(objects)</Delete>"
        var request = S3Request(method: .POST, bucket: bucket, query: [(name: "delete", value: "")])
        let body = ByteBuffer(string: xml)
        let digest = request.setBody(body)
        // DeleteObjects requires Content-MD5 (or a checksum header).
        request.headers += Self.checksumHeaders(.md5, body: body, sha256: digest)
        let response = try await send(request, maxResponseBytes: 16 << 20)
        guard let root = S3XMLNode.parse(Data(response.body.readableBytesView)), root.name == "DeleteResult" else {
            throw S3Error.invalidResponse(operation: request.label, reason: "no DeleteResult")
        }
        return root.children("Error").map { node in
            S3DeleteFailure(key: node.value("Key") ?? "", code: node.value("Code"), message: node.value("Message"))
        }
    }
}
