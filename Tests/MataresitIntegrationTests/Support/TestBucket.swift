import Foundation
import MataresitObjectStore
import MataresitStreams
import Testing

/// A fresh bucket on the moto server `ops/test.sh` starts (`MATARESIT_TEST_S3_ENDPOINT`), for the archive in object
/// storage. Without the server the suites using it are skipped, unless `MATARESIT_TEST_S3_REQUIRED=1` (the test
/// command), where they run and fail.
enum TestBucket {
    static let endpoint = ProcessInfo.processInfo.environment["MATARESIT_TEST_S3_ENDPOINT"]
    static let available =
        endpoint != nil || ProcessInfo.processInfo.environment["MATARESIT_TEST_S3_REQUIRED"] == "1"
    static let skipReason: Comment =
        "MATARESIT_TEST_S3_ENDPOINT is unset: ops/test.sh starts moto (by hand: eval \"$(ops/scripts/s3-test-server.sh start)\")"

    /// The variables a process needs to reach the bucket, as operators set them.
    static func environment() throws -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": "mataresit-test", "AWS_SECRET_ACCESS_KEY": "mataresit-test-secret",
            "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": try #require(endpoint, skipReason)
        ]
    }

    static func client() throws -> S3Client {
        S3Client(configuration: try S3Configuration.fromEnvironment(try environment()))
    }

    /// A new, empty bucket with the archive under `archive/`.
    static func make() async throws -> ObjectArchiveStorage {
        let client = try client()
        let bucket = "mataresit-archive-" + UUID().uuidString.lowercased().prefix(18)
        try await client.createBucket(bucket)
        return ObjectArchiveStorage(client: client, location: try S3Location(bucket: bucket, prefix: "archive"))
    }
}
