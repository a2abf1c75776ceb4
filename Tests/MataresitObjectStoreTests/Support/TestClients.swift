import Foundation
import MataresitObjectStore
import Synchronization

/// Records the waits a retry policy asks for, and returns at once, so retry tests take no time.
final class SleepRecorder: Sendable {
    private let delays = Mutex<[Duration]>([])
    var recorded: [Duration] { delays.withLock { $0 } }

    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] delay in delays.withLock { $0.append(delay) } }
    }
}

enum TestClients {
    static let credentials = AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "test-secret")

    /// A path-style client for `endpoint` whose retries do not wait.
    static func client(
        endpoint: String, sleeper: SleepRecorder = SleepRecorder(), maxAttempts: Int = 5,
        credentials: AWSCredentials = credentials, multipartThreshold: Int = 16 << 20, partConcurrency: Int = 4
    ) throws -> S3Client {
        let configuration = S3Configuration(
            credentials: credentials, region: "us-east-1", endpoint: try S3Endpoint(url: endpoint),
            retry: S3RetryPolicy(maxAttempts: maxAttempts, sleep: sleeper.sleep),
            multipartThreshold: multipartThreshold, partSize: S3Configuration.minimumPartSize,
            partConcurrency: partConcurrency, requestTimeout: .seconds(30))
        return S3Client(configuration: configuration)
    }
}
