import Crypto
import Foundation
@testable import MataresitObjectStore
import NIOCore
import Testing

/// Objects on a real S3-compatible server (moto): round trips, conditional writes, ranges, multipart, odd keys.
@Suite(.enabled(if: MotoServer.endpoint != nil, MotoServer.skipReason))
struct MotoObjectTests {
    @Test func binaryRoundTrip() async throws {
        let client = try MotoServer.client()
        let bucket = try await MotoServer.freshBucket(client)
        let bytes = (0...255).map(UInt8.init) + MotoServer.randomBytes(100_000)
        let put = try await client.putObject(bucket: bucket, key: "seg/000001.zst", bytes: bytes)
        let object = try await client.getObject(bucket: bucket, key: "seg/000001.zst")
        #expect(object.bytes == bytes)
        let info = try #require(try await client.headObject(bucket: bucket, key: "seg/000001.zst"))
        #expect(info.size == bytes.count)
        #expect(info.etag == put.etag)
        #expect(info.etag == "\"\(Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined())\"")
    }

    @Test func sha256ChecksumPut() async throws {
        let client = try MotoServer.client()
        let bucket = try await MotoServer.freshBucket(client)
        let bytes = MotoServer.randomBytes(1_000)
        try await client.putObject(bucket: bucket, key: "k", bytes: bytes, options: .init(checksum: .sha256))
        #expect(try await client.getObject(bucket: bucket, key: "k").bytes == bytes)
    }

    @Test func ifNoneMatchRefusesOverwrite() async throws {
        let client = try MotoServer.client()
        let bucket = try await MotoServer.freshBucket(client)
        let options = S3PutOptions(onlyIfAbsent: true)
        try await client.putObject(bucket: bucket, key: "once", bytes: [1, 2, 3], options: options)
        let error = await #expect(throws: S3Error.self) {
            try await client.putObject(bucket: bucket, key: "once", bytes: [9], options: options)
        }
        guard case .preconditionFailed = error else {
            Issue.record("expected preconditionFailed, got \(String(describing: error))")
            return
        }
        #expect(try await client.getObject(bucket: bucket, key: "once").bytes == [1, 2, 3])
    }

    @Test func rangedGets() async throws {
        let client = try MotoServer.client()
        let bucket = try await MotoServer.freshBucket(client)
        let bytes = MotoServer.randomBytes(1_000)
        try await client.putObject(bucket: bucket, key: "r", bytes: bytes)
        let middle = try await client.getObject(bucket: bucket, key: "r", range: .bytes(100...199))
        #expect(middle.bytes == Array(bytes[100...199]))
        #expect(middle.contentRange == "bytes 100-199/1000")
        #expect(try await client.getObject(bucket: bucket, key: "r", range: .from(990)).bytes == Array(bytes[990...]))
        #expect(try await client.getObject(bucket: bucket, key: "r", range: .suffix(5)).bytes == Array(bytes[995...]))
    }

    @Test func multipartUploadReassemblesExactly() async throws {
        let client = try MotoServer.client()
        let bucket = try await MotoServer.freshBucket(client)
        let bytes = MotoServer.randomBytes(11 << 20 + 12_345)
        let result = try await client.putObject(bucket: bucket, key: "big/segment.zst", bytes: bytes)
        #expect(result.parts == 3)
        let partETags = stride(from: 0, to: bytes.count, by: 5 << 20).map { start in
            "\"\(Insecure.MD5.hash(data: bytes[start..<min(start + 5 << 20, bytes.count)]).hex)\""
        }
        #expect(result.etag == S3Client.multipartETag(partETags))
        let object = try await client.getObject(bucket: bucket, key: "big/segment.zst")
        #expect(object.body.readableBytes == bytes.count)
        #expect(object.bytes == bytes)
        let tail = try await client.getObject(
            bucket: bucket, key: "big/segment.zst", range: .bytes((5 << 20 - 3)...(5 << 20 + 3)))
        #expect(tail.bytes == Array(bytes[(5 << 20 - 3)...(5 << 20 + 3)]))
    }

    @Test func multipartIfNoneMatchRefusesOverwrite() async throws {
        let client = try MotoServer.client()
        let bucket = try await MotoServer.freshBucket(client)
        try await client.putObject(bucket: bucket, key: "big", bytes: [1])
        let error = await #expect(throws: S3Error.self) {
            try await client.putObject(
                bucket: bucket, key: "big", bytes: MotoServer.randomBytes(9 << 20), options: .init(onlyIfAbsent: true))
        }
        guard case .preconditionFailed = error else {
            Issue.record("expected preconditionFailed, got \(String(describing: error))")
            return
        }
        #expect(try await client.getObject(bucket: bucket, key: "big").bytes == [1])
    }

    @Test func missingObjects() async throws {
        let client = try MotoServer.client()
        let bucket = try await MotoServer.freshBucket(client)
        #expect(try await client.headObject(bucket: bucket, key: "absent") == nil)
        let error = await #expect(throws: S3Error.self) { try await client.getObject(bucket: bucket, key: "absent") }
        #expect(error?.code == "NoSuchKey")
        #expect(error?.statusCode == 404)
        let noBucket = await #expect(throws: S3Error.self) {
            try await client.getObject(bucket: "mataresit-no-such-bucket", key: "k")
        }
        #expect(noBucket?.code == "NoSuchBucket")
    }

    @Test(arguments: [
        "with space/ü€ x=y+z&q?.bin", "a//b", "./dot/../seg", "%41 literal percent", "semi;colon,comma:colon@at",
        "tilde~star*quote'paren(1)", "日本語/キー", "trailing/"
    ])
    func oddKeysRoundTrip(_ key: String) async throws {
        let client = try MotoServer.client()
        let bucket = try await MotoServer.freshBucket(client)
        try await client.putObject(bucket: bucket, key: key, bytes: Array(key.utf8))
        #expect(try await client.getObject(bucket: bucket, key: key).bytes == Array(key.utf8))
        #expect(try await client.headObject(bucket: bucket, key: key)?.size == key.utf8.count)
        let listed = try await Array(client.listObjects(bucket: bucket))
        #expect(listed.map(\.key) == [key])
        try await client.deleteObject(bucket: bucket, key: key)
        #expect(try await client.headObject(bucket: bucket, key: key) == nil)
    }

    @Test func deleteObjectsInBatch() async throws {
        let client = try MotoServer.client()
        let bucket = try await MotoServer.freshBucket(client)
        let keys = ["d/1", "d/2 two", "d/ü", "keep"]
        for key in keys { try await client.putObject(bucket: bucket, key: key, bytes: [0]) }
        let failures = try await client.deleteObjects(bucket: bucket, keys: Array(keys.prefix(3)) + ["d/never-existed"])
        #expect(failures.isEmpty)
        #expect(try await Array(client.listObjects(bucket: bucket)).map(\.key) == ["keep"])
    }
}

extension Array {
    /// Gathers an async sequence, for tests.
    init<S: AsyncSequence>(_ sequence: S) async throws where S.Element == Element {
        self = []
        for try await element in sequence { append(element) }
    }
}
