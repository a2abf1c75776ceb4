import Crypto
import Foundation
import MataresitObjectStore
import NIOCore
import Testing

/// What goes on the wire, read back by the scripted server: the key's encoding in the path, the query, the
/// checksum headers, and a signature that the signer recomputes from the request as received.
@Suite struct WireFormatTests {
    @Test func keyIsEncodedOnceAndSignatureMatchesWhatArrived() async throws {
        let key = "dir/a b+c=d€ü~.bin"
        try await StubS3Server.with([.ok()]) { server in
            let client = try TestClients.client(endpoint: server.endpoint)
            try await client.putObject(bucket: "bucket", key: key, bytes: Array("hello".utf8))
            let request = try #require(server.requests.first)
            #expect(request.uri == "/bucket/dir/a%20b%2Bc%3Dd%E2%82%AC%C3%BC~.bin")
            #expect(request.header("host") == "127.0.0.1:\(server.port)")
            #expect(
                request.header("content-md5")
                    == Data(Insecure.MD5.hash(data: Array("hello".utf8))).base64EncodedString())
            #expect(request.header("x-amz-content-sha256") == SigV4Request.sha256Hex(Array("hello".utf8)))
            #expect(try Self.recomputedAuthorization(request) == request.header("authorization"))
        }
    }

    @Test func sha256ChecksumHeader() async throws {
        try await StubS3Server.with([.ok()]) { server in
            let client = try TestClients.client(endpoint: server.endpoint)
            try await client.putObject(
                bucket: "bucket", key: "k", bytes: [0, 255],
                options: .init(contentType: "application/zstd", checksum: .sha256))
            let request = try #require(server.requests.first)
            #expect(
                request.header("x-amz-checksum-sha256")
                    == Data(SHA256.hash(data: [0, 255] as [UInt8])).base64EncodedString())
            #expect(request.header("content-md5") == nil)
            #expect(request.header("content-type") == "application/zstd")
        }
    }

    @Test func listQueryIsEncodedAndSigned() async throws {
        let page =
            "<ListBucketResult><IsTruncated>false</IsTruncated><EncodingType>url</EncodingType></ListBucketResult>"
        try await StubS3Server.with([.ok(page)]) { server in
            let client = try TestClients.client(endpoint: server.endpoint)
            _ = try await client.listObjectsPage(
                bucket: "bucket", prefix: "a b/", continuationToken: "1/x+y=", maxKeys: 7)
            let request = try #require(server.requests.first)
            let query = "list-type=2&encoding-type=url&prefix=a%20b%2F&continuation-token=1%2Fx%2By%3D&max-keys=7"
            #expect(request.uri == "/bucket?" + query)
            #expect(try Self.recomputedAuthorization(request) == request.header("authorization"))
        }
    }

    @Test func rangeHeaderAndPartialContent() async throws {
        let reply = StubS3Server.Reply(status: 206, body: "cde", headers: [("Content-Range", "bytes 2-4/10")])
        try await StubS3Server.with([reply]) { server in
            let client = try TestClients.client(endpoint: server.endpoint)
            let object = try await client.getObject(bucket: "bucket", key: "k", range: .bytes(2...4))
            #expect(object.bytes == Array("cde".utf8))
            #expect(object.contentRange == "bytes 2-4/10")
            #expect(server.requests.first?.header("range") == "bytes=2-4")
        }
    }

    @Test func sessionTokenIsSent() async throws {
        try await StubS3Server.with([.ok()]) { server in
            var credentials = TestClients.credentials
            credentials.sessionToken = "TOKEN/+="
            let client = try TestClients.client(endpoint: server.endpoint, credentials: credentials)
            try await client.deleteObject(bucket: "bucket", key: "k")
            let request = try #require(server.requests.first)
            #expect(request.header("x-amz-security-token") == "TOKEN/+=")
            #expect(request.header("authorization")?.contains("x-amz-security-token") == true)
        }
    }

    static func decodedQuery(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&").map { item -> (name: String, value: String) in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let value = pair.count > 1 ? pair[1] : ""
            return (name: pair[0].removingPercentEncoding ?? "", value: value.removingPercentEncoding ?? "")
        }
    }

    /// The `Authorization` the signer gives for `request` as the server saw it, with the date it carried.
    static func recomputedAuthorization(_ request: StubS3Server.Recorded) throws -> String {
        let authorization = try #require(request.header("authorization"))
        let signedNames = Set(
            try #require(authorization.components(separatedBy: "SignedHeaders=").last)
                .prefix { $0 != "," }.split(separator: ";").map(String.init))
        let parts = request.uri.split(separator: "?", maxSplits: 1).map(String.init)
        let query = parts.count > 1 ? decodedQuery(parts[1]) : []
        let signed = SigV4Request(
            method: request.method, path: parts[0], query: query,
            headers: request.headers.filter { signedNames.contains($0.0.lowercased()) }.map {
                (name: $0.0, value: $0.1)
            },
            payloadSHA256: try #require(request.header("x-amz-content-sha256")))
        let signer = SigV4Signer.s3(credentials: TestClients.credentials, region: "us-east-1")
        let date = try #require(request.header("x-amz-date").flatMap(SigV4Date.parse))
        return signer.authorization(for: signed, at: date)
    }
}
