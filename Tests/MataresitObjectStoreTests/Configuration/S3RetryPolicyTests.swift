import MataresitObjectStore
import Testing

@Suite struct S3RetryPolicyTests {
    @Test func classification() {
        #expect(S3RetryPolicy.isRetryable(status: 500, code: nil))
        #expect(S3RetryPolicy.isRetryable(status: 503, code: "SlowDown"))
        #expect(S3RetryPolicy.isRetryable(status: 429, code: nil))
        #expect(S3RetryPolicy.isRetryable(status: 400, code: "RequestTimeout"))
        #expect(!S3RetryPolicy.isRetryable(status: 501, code: "NotImplemented"))
        #expect(!S3RetryPolicy.isRetryable(status: 400, code: "BadDigest"))
        #expect(!S3RetryPolicy.isRetryable(status: 403, code: "SignatureDoesNotMatch"))
        #expect(!S3RetryPolicy.isRetryable(status: 404, code: "NoSuchKey"))
        #expect(!S3RetryPolicy.isRetryable(status: 412, code: "PreconditionFailed"))
    }

    @Test func delaysGrowAndAreCapped() {
        let policy = S3RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        for _ in 0..<50 {
            #expect((.milliseconds(50)...(.milliseconds(100))).contains(policy.delay(afterAttempt: 1)))
            #expect((.milliseconds(200)...(.milliseconds(400))).contains(policy.delay(afterAttempt: 3)))
            #expect((.milliseconds(500)...(.seconds(1))).contains(policy.delay(afterAttempt: 60)))
        }
    }
}
