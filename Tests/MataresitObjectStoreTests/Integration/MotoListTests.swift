import MataresitObjectStore
import Testing

/// ListObjectsV2 across pages: 25 keys in pages of 7 stand in for S3's 1,000-key pages.
@Suite(.enabled(if: MotoServer.endpoint != nil, MotoServer.skipReason))
struct MotoListTests {
    static let keys = (0..<25).map { "list/k\(String(format: "%02d", $0))" }

    func filledBucket() async throws -> (S3Client, String) {
        let client = try MotoServer.client()
        let bucket = try await MotoServer.freshBucket(client)
        for key in Self.keys + ["other/x", "list/sub/a", "list/sub/b"] {
            try await client.putObject(bucket: bucket, key: key, bytes: Array(key.utf8))
        }
        return (client, bucket)
    }

    @Test func pagesFollowContinuationTokens() async throws {
        let (client, bucket) = try await filledBucket()
        var pages: [S3ListPage] = []
        var token: String?
        repeat {
            let page = try await client.listObjectsPage(
                bucket: bucket, prefix: "list/k", continuationToken: token, maxKeys: 7)
            pages.append(page)
            token = page.nextContinuationToken
        } while token != nil && pages.count < 10
        #expect(pages.map(\.objects.count) == [7, 7, 7, 4])
        #expect(pages.flatMap(\.objects).map(\.key) == Self.keys)
        #expect(pages.flatMap(\.objects).allSatisfy { $0.size == $0.key.utf8.count && $0.lastModified != nil })
    }

    @Test func asyncSequenceReturnsEveryKey() async throws {
        let (client, bucket) = try await filledBucket()
        let all = try await Array(client.listObjects(bucket: bucket, prefix: "list/", pageSize: 7))
        #expect(all.map(\.key) == Self.keys + ["list/sub/a", "list/sub/b"])
        let everything = try await Array(client.listObjects(bucket: bucket, pageSize: 7))
        #expect(everything.count == 28)
    }

    @Test func startAfter() async throws {
        let (client, bucket) = try await filledBucket()
        let rest = try await Array(
            client.listObjects(bucket: bucket, prefix: "list/k", startAfter: "list/k19", pageSize: 2))
        #expect(rest.map(\.key) == Array(Self.keys[20...]))
    }

    @Test func delimiterGivesCommonPrefixes() async throws {
        let (client, bucket) = try await filledBucket()
        let page = try await client.listObjectsPage(bucket: bucket, prefix: "list/", delimiter: "/", maxKeys: 1000)
        #expect(page.commonPrefixes == ["list/sub/"])
        #expect(page.objects.count == 25)
    }
}
