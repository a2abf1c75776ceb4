import NIOCore
import Testing

@testable import MataresitObjectStore

/// Retries against a scripted local server: which answers are retried, how often, and with what waits.
@Suite struct RetryTests {
    @Test func serviceUnavailableTwiceThenSuccess() async throws {
        let sleeper = SleepRecorder()
        let replies: [StubS3Server.Reply] = [
            .error(503, "SlowDown"), .error(503, "ServiceUnavailable"), .ok(headers: [("ETag", "\"abc\"")])
        ]
        try await StubS3Server.with(replies) { server in
            let client = try TestClients.client(endpoint: server.endpoint, sleeper: sleeper)
            let result = try await client.putObject(bucket: "bucket", key: "k", bytes: [1, 2, 3])
            #expect(result.etag == "\"abc\"")
            #expect(server.requests.count == 3)
            #expect(server.requests.allSatisfy { $0.body == [1, 2, 3] })
        }
        let delays = sleeper.recorded
        #expect(delays.count == 2)
        // Equal jitter: after attempt n the wait lies in [step/2, step], step = 100 ms * 2^(n-1).
        #expect(delays[0] >= .milliseconds(50) && delays[0] <= .milliseconds(100))
        #expect(delays[1] >= .milliseconds(100) && delays[1] <= .milliseconds(200))
    }

    @Test(arguments: [
        (400, "InvalidArgument"), (403, "SignatureDoesNotMatch"), (404, "NoSuchBucket"), (501, "NotImplemented")
    ])
    func clientErrorsAreNotRetried(status: Int, code: String) async throws {
        let sleeper = SleepRecorder()
        try await StubS3Server.with([.error(status, code), .ok()]) { server in
            let client = try TestClients.client(endpoint: server.endpoint, sleeper: sleeper)
            let error = await #expect(throws: S3Error.self) {
                try await client.putObject(bucket: "bucket", key: "k", bytes: [1])
            }
            #expect(error?.code == code)
            #expect(error?.statusCode == status)
            #expect(server.requests.count == 1)
        }
        #expect(sleeper.recorded.isEmpty)
    }

    @Test(arguments: [(400, "RequestTimeout"), (429, "TooManyRequests"), (500, "InternalError"), (503, "Throttling")])
    func transientErrorsAreRetried(status: Int, code: String) async throws {
        try await StubS3Server.with([.error(status, code), .ok()]) { server in
            let client = try TestClients.client(endpoint: server.endpoint)
            try await client.deleteObject(bucket: "bucket", key: "k")
            #expect(server.requests.count == 2)
        }
    }

    @Test func attemptsAreBounded() async throws {
        let sleeper = SleepRecorder()
        let replies = [StubS3Server.Reply](repeating: .error(503, "SlowDown"), count: 10)
        try await StubS3Server.with(replies) { server in
            let client = try TestClients.client(endpoint: server.endpoint, sleeper: sleeper, maxAttempts: 4)
            let error = await #expect(throws: S3Error.self) {
                try await client.deleteObject(bucket: "bucket", key: "k")
            }
            #expect(error?.code == "SlowDown")
            #expect(server.requests.count == 4)
        }
        #expect(sleeper.recorded.count == 3)
    }

    @Test func droppedConnectionIsRetried() async throws {
        try await StubS3Server.with([.dropped, .ok("")]) { server in
            let client = try TestClients.client(endpoint: server.endpoint)
            try await client.deleteObject(bucket: "bucket", key: "k")
            #expect(server.requests.count == 2)
        }
    }

    @Test func refusedConnectionEndsAsTransportError() async throws {
        let sleeper = SleepRecorder()
        // A port that was free a moment ago: nothing listens there once the stub stops.
        let server = try await StubS3Server.start([])
        try await server.stop()
        let client = try TestClients.client(endpoint: server.endpoint, sleeper: sleeper, maxAttempts: 3)
        let error = await #expect(throws: S3Error.self) { try await client.headObject(bucket: "bucket", key: "k") }
        guard case .transport(_, let attempts, _) = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
        #expect(attempts == 3)
        #expect(sleeper.recorded.count == 2)
    }

    @Test func preconditionFailureIsDistinctAndNotRetried() async throws {
        try await StubS3Server.with([.error(412, "PreconditionFailed"), .ok()]) { server in
            let client = try TestClients.client(endpoint: server.endpoint)
            let error = await #expect(throws: S3Error.self) {
                try await client.putObject(bucket: "bucket", key: "k", bytes: [1], options: .init(onlyIfAbsent: true))
            }
            guard case .preconditionFailed(let response) = error else {
                Issue.record("expected preconditionFailed, got \(String(describing: error))")
                return
            }
            #expect(response.code == "PreconditionFailed")
            #expect(server.requests.count == 1)
            #expect(server.requests.first?.header("If-None-Match") == "*")
        }
    }

    @Test func errorBodyIsParsed() async throws {
        try await StubS3Server.with([.error(403, "AccessDenied", "Access Denied")]) { server in
            let client = try TestClients.client(endpoint: server.endpoint)
            let error = await #expect(throws: S3Error.self) { try await client.getObject(bucket: "bucket", key: "k") }
            guard case .service(let response) = error else {
                Issue.record("expected a service error")
                return
            }
            #expect(
                response
                    == S3ErrorResponse(
                        statusCode: 403, code: "AccessDenied", message: "Access Denied", requestID: "REQ1",
                        request: "GET bucket/k"))
            #expect(error?.isAuthenticationFailure == true)
        }
    }
}
