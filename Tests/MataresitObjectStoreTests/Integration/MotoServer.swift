import Foundation
import MataresitObjectStore
import NIOCore
import Testing

/// The moto servers `ops/scripts/s3-test-server.sh` starts, found through the variables it prints. Without them the
/// integration suites are skipped (and say why); `ops/test.sh` sets them.
enum MotoServer {
    static let environment = ProcessInfo.processInfo.environment
    static let endpoint = environment["MATARESIT_TEST_S3_ENDPOINT"]
    static let authEndpoint = environment["MATARESIT_TEST_S3_AUTH_ENDPOINT"]
    static let skipReason: Comment =
        "MATARESIT_TEST_S3_ENDPOINT is unset: ops/test.sh starts moto (by hand: eval the output of ops/scripts/s3-test-server.sh start)"
    static let authSkipReason: Comment =
        "MATARESIT_TEST_S3_AUTH_* unset: ops/test.sh starts moto (by hand: eval the output of ops/scripts/s3-test-server.sh start)"

    /// A client for the plain server, with multipart above 8 MiB in 5 MiB parts.
    static func client() throws -> S3Client {
        try TestClients.client(
            endpoint: try #require(endpoint), maxAttempts: 3, multipartThreshold: 8 << 20, partConcurrency: 2)
    }

    /// A new bucket for one test, so tests can run side by side.
    static func freshBucket(_ client: S3Client) async throws -> String {
        let bucket = "mataresit-it-" + UUID().uuidString.lowercased().prefix(18)
        try await client.createBucket(bucket)
        return bucket
    }

    /// `count` bytes from the system's random generator.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                var word = generator.next()
                let length = min(8, raw.count - offset)
                withUnsafeBytes(of: &word) {
                    raw.baseAddress!.advanced(by: offset).copyMemory(from: $0.baseAddress!, byteCount: length)
                }
                offset += length
            }
        }
        return bytes
    }
}

/// With `MATARESIT_TEST_S3_REQUIRED=1` (as `ops/test.sh` sets it) a missing server is a
/// failure, not a skip, so a run that should have reached moto cannot pass without it.
@Suite struct MotoServerRequirementTests {
    @Test func serverIsConfiguredWhenRequired() {
        guard MotoServer.environment["MATARESIT_TEST_S3_REQUIRED"] == "1" else { return }
        #expect(MotoServer.endpoint != nil, "MATARESIT_TEST_S3_REQUIRED=1 but MATARESIT_TEST_S3_ENDPOINT is unset")
        #expect(MotoServer.authEndpoint != nil, "MATARESIT_TEST_S3_REQUIRED=1 but MATARESIT_TEST_S3_AUTH_* are unset")
    }
}
