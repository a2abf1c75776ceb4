import Foundation
import Testing

@testable import MataresitObjectStore

/// The checking moto server: it recomputes every signature (with botocore) and evaluates the IAM policy of
/// ops/archive-iam-policy.json, the minimal permissions of ops/README.md.
@Suite(.enabled(if: MotoServer.authEndpoint != nil, MotoServer.authSkipReason))
struct MotoAuthTests {
    static let environment = MotoServer.environment
    static let bucket = environment["MATARESIT_TEST_S3_AUTH_BUCKET"] ?? "mataresit-auth-test"

    func client(secret: String? = nil, keyID: String? = nil) throws -> S3Client {
        let credentials = AWSCredentials(
            accessKeyID: try keyID ?? #require(Self.environment["MATARESIT_TEST_S3_AUTH_KEY_ID"]),
            secretAccessKey: try secret ?? #require(Self.environment["MATARESIT_TEST_S3_AUTH_SECRET"]))
        return try TestClients.client(
            endpoint: try #require(MotoServer.authEndpoint), maxAttempts: 2, credentials: credentials,
            multipartThreshold: 6 << 20, partConcurrency: 2)
    }

    @Test func minimalPolicyCoversTheArchivesOperations() async throws {
        let client = try client()
        let prefix = "auth-\(UUID().uuidString)/"
        let bytes = MotoServer.randomBytes(7 << 20)
        try await client.putObject(
            bucket: Self.bucket, key: prefix + "big", bytes: bytes, options: .init(onlyIfAbsent: true))
        try await client.putObject(bucket: Self.bucket, key: prefix + "small x=y", bytes: [1, 2])
        #expect(
            try await client.getObject(bucket: Self.bucket, key: prefix + "big", range: .suffix(3)).bytes
                == bytes.suffix(3))
        #expect(try await client.headObject(bucket: Self.bucket, key: prefix + "small x=y")?.size == 2)
        #expect(try await client.headObject(bucket: Self.bucket, key: prefix + "none") == nil)
        let keys = try await Array(client.listObjects(bucket: Self.bucket, prefix: prefix, pageSize: 1)).map(\.key)
        #expect(keys == [prefix + "big", prefix + "small x=y"])
        try await client.deleteObject(bucket: Self.bucket, key: prefix + "big")
        // AWS checks DeleteObjects' keys against s3:DeleteObject on each object's ARN. moto 5.2 checks the bucket's
        // ARN instead and, denied there, reports every key as AccessDenied: accepted here, then deleted one by one.
        let failures = try await client.deleteObjects(bucket: Self.bucket, keys: [prefix + "small x=y"])
        let motoDeviation = [S3DeleteFailure(key: prefix + "small x=y", code: "AccessDenied", message: "Access Denied")]
        #expect(failures.isEmpty || failures == motoDeviation, "\(failures)")
        try await client.deleteObject(bucket: Self.bucket, key: prefix + "small x=y")
        #expect(try await Array(client.listObjects(bucket: Self.bucket, prefix: prefix)).isEmpty)
    }

    @Test func wrongSecretIsSignatureDoesNotMatch() async throws {
        let client = try client(secret: "not-the-secret")
        let error = await #expect(throws: S3Error.self) {
            try await client.putObject(bucket: Self.bucket, key: "refused", bytes: [1])
        }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(error?.statusCode == 403)
        #expect(error?.isAuthenticationFailure == true)
    }

    @Test func unknownKeyIsInvalidAccessKeyId() async throws {
        let client = try client(keyID: "AKIANOSUCHKEY0000000")
        let error = await #expect(throws: S3Error.self) { try await client.getObject(bucket: Self.bucket, key: "k") }
        #expect(error?.code == "InvalidAccessKeyId")
        #expect(error?.isAuthenticationFailure == true)
    }

    @Test func actionsOutsideThePolicyAreDenied() async throws {
        let client = try client()
        let error = await #expect(throws: S3Error.self) { try await client.createBucket("mataresit-auth-denied") }
        #expect(error?.code == "AccessDenied")
    }
}
