import Crypto
import Foundation
@testable import MataresitObjectStore
import NIOCore
import Testing

/// `If-None-Match: *` with retries: when the first attempt's answer is lost and the retry is refused (412), the
/// object may be this write's own. The client checks the stored ETag before reporting a refusal.
@Suite struct ConditionalRetryTests {
    static let body = Array("segment".utf8)
    static let md5ETag = "\"\(Insecure.MD5.hash(data: body).hex)\""

    @Test func ownEarlierWriteCountsAsSuccess() async throws {
        let head = StubS3Server.Reply(status: 200, headers: [("ETag", Self.md5ETag), ("Content-Length", "7")])
        try await StubS3Server.with([.dropped, .error(412, "PreconditionFailed"), head]) { server in
            let client = try TestClients.client(endpoint: server.endpoint)
            let result = try await client.putObject(
                bucket: "bucket", key: "k", bytes: Self.body, options: .init(onlyIfAbsent: true))
            #expect(result.etag == Self.md5ETag)
            #expect(server.requests.map(\.method) == ["PUT", "PUT", "HEAD"])
        }
    }

    @Test func someoneElsesObjectIsStillARefusal() async throws {
        let head = StubS3Server.Reply(status: 200, headers: [("ETag", "\"0123\""), ("Content-Length", "7")])
        try await StubS3Server.with([.dropped, .error(412, "PreconditionFailed"), head]) { server in
            let client = try TestClients.client(endpoint: server.endpoint)
            let error = await #expect(throws: S3Error.self) {
                try await client.putObject(
                    bucket: "bucket", key: "k", bytes: Self.body, options: .init(onlyIfAbsent: true))
            }
            guard case .preconditionFailed(let refusal) = error else {
                Issue.record("expected preconditionFailed, got \(String(describing: error))")
                return
            }
            #expect(refusal.attempts == 2)
        }
    }

    @Test func multipartETagIsS3s() {
        // The MD5s of "a" and "b"; S3's ETag is the MD5 of their 32 bytes, then "-2".
        let parts = ["\"0cc175b9c0f1b6a831c399e269772661\"", "\"92eb5ffee6ae2fec3ad71c777531578f\""]
        var joined: [UInt8] = []
        for text in ["a", "b"] { joined += Array(Insecure.MD5.hash(data: Array(text.utf8))) }
        #expect(S3Client.multipartETag(parts) == "\"\(Insecure.MD5.hash(data: joined).hex)-2\"")
        #expect(S3Client.multipartETag(["\"not-md5\""]) == nil)
    }
}
