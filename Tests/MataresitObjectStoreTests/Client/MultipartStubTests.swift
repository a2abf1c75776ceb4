import NIOCore
import Testing

@testable import MataresitObjectStore

/// Multipart uploads against a scripted server: an error inside a 200 is retried, a failed part aborts the upload.
@Suite struct MultipartStubTests {
    static let created = StubS3Server.Reply.ok(
        "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>UP1</UploadId>"
            + "</InitiateMultipartUploadResult>")
    static let body = ByteBuffer(repeating: 7, count: 6 << 20)

    @Test func embeddedErrorInCompleteIsRetried() async throws {
        let replies: [StubS3Server.Reply] = [
            Self.created, .ok(headers: [("ETag", "\"p1\"")]), .ok(headers: [("ETag", "\"p2\"")]),
            .ok("\n\n<Error><Code>InternalError</Code><Message>try again</Message></Error>"),
            .ok("<CompleteMultipartUploadResult><ETag>\"whole-2\"</ETag></CompleteMultipartUploadResult>")
        ]
        try await StubS3Server.with(replies) { server in
            let client = try TestClients.client(
                endpoint: server.endpoint, multipartThreshold: 1 << 20, partConcurrency: 1)
            let result = try await client.putObject(bucket: "bucket", key: "k", body: Self.body)
            #expect(result == S3PutResult(etag: "\"whole-2\"", parts: 2))
            let requests = server.requests
            #expect(requests.map(\.method) == ["POST", "PUT", "PUT", "POST", "POST"])
            #expect(requests[0].uri == "/bucket/k?uploads=")
            #expect(requests[1].uri == "/bucket/k?partNumber=1&uploadId=UP1")
            #expect(requests[1].body.count == 5 << 20 && requests[2].body.count == 1 << 20)
            let complete = String(decoding: requests[4].body, as: UTF8.self)
            #expect(complete.contains("<Part><PartNumber>2</PartNumber><ETag>&quot;p2&quot;</ETag></Part>"))
        }
    }

    @Test func failedPartAbortsUpload() async throws {
        let replies: [StubS3Server.Reply] = [
            Self.created, .ok(headers: [("ETag", "\"p1\"")]), .error(400, "InvalidPart"), Reply204.value
        ]
        try await StubS3Server.with(replies) { server in
            let client = try TestClients.client(
                endpoint: server.endpoint, multipartThreshold: 1 << 20, partConcurrency: 1)
            let error = await #expect(throws: S3Error.self) {
                try await client.putObject(bucket: "bucket", key: "k", body: Self.body)
            }
            #expect(error?.code == "InvalidPart")
            #expect(server.requests.last?.method == "DELETE")
            #expect(server.requests.last?.uri == "/bucket/k?uploadId=UP1")
        }
    }
}

private enum Reply204 {
    static let value = StubS3Server.Reply(status: 204)
}
