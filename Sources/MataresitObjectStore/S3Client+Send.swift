import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// An HTTP answer with its body read.
struct S3Response: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
    /// How many attempts it took; more than one means an earlier attempt may have taken effect unseen.
    var attempts: Int
}

/// The outcome of one attempt, so the retry loop can tell S3's refusals from transport failures.
private enum S3Attempt {
    case answered(S3Response)
    case failed(any Error)
}

extension S3Client {
    /// Sends `request`, retrying as ``S3RetryPolicy`` says. A status `accept` allows comes back as it is; any other
    /// becomes ``S3Error/preconditionFailed(_:)`` (412) or ``S3Error/service(_:)``.
    ///
    /// With `readsEmbeddedError`, a 200 whose body is an `<Error>` (as CompleteMultipartUpload may send after it
    /// started answering) counts as that error, status 500.
    func send(
        _ request: S3Request, maxResponseBytes: Int = 1 << 20, readsEmbeddedError: Bool = false,
        accept: (Int) -> Bool = { (200..<300).contains($0) }
    ) async throws -> S3Response {
        let policy = configuration.retry
        for attempt in 1...policy.maxAttempts {
            let last = attempt == policy.maxAttempts
            switch await perform(request, attempt: attempt, maxResponseBytes: maxResponseBytes) {
            case .answered(let response) where accept(response.status):
                guard readsEmbeddedError, var embedded = S3ErrorParser.embeddedError(response, request: request.label)
                else { return response }
                embedded.attempts = attempt
                guard !last, S3RetryPolicy.isRetryable(status: embedded.statusCode, code: embedded.code) else {
                    throw S3Error.service(embedded)
                }
                logger.debug("S3 retry", metadata: ["request": "\(request.label)", "error": "\(embedded)"])
            case .answered(let response):
                var error = S3ErrorParser.errorResponse(response, request: request.label)
                error.attempts = attempt
                guard !last, S3RetryPolicy.isRetryable(status: response.status, code: error.code) else {
                    throw response.status == 412 ? S3Error.preconditionFailed(error) : S3Error.service(error)
                }
                logger.debug("S3 retry", metadata: ["request": "\(request.label)", "error": "\(error)"])
            case .failed(let error):
                if error is CancellationError || error is S3Error { throw error }
                guard !last else {
                    throw S3Error.transport(operation: request.label, attempts: attempt, underlying: error)
                }
                logger.debug("S3 retry", metadata: ["request": "\(request.label)", "error": "\(error)"])
            }
            try await policy.sleep(policy.delay(afterAttempt: attempt))
        }
        // maxAttempts is at least 1, so the loop has returned or thrown.
        throw S3Error.invalidArgument("retry policy allows no attempt")
    }

    private func perform(_ request: S3Request, attempt: Int, maxResponseBytes: Int) async -> S3Attempt {
        do {
            let response = try await httpClient.execute(
                httpRequest(for: request), timeout: .nanoseconds(configuration.requestTimeout.nanoseconds))
            var body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: maxResponseBytes)
            } catch is NIOTooManyBytesError {
                return .failed(
                    S3Error.invalidResponse(
                        operation: request.label, reason: "body larger than \(maxResponseBytes) bytes"))
            }
            return .answered(
                S3Response(status: Int(response.status.code), headers: response.headers, body: body, attempts: attempt))
        } catch {
            return .failed(error)
        }
    }

    /// Addresses and signs `request` now, so each attempt carries a fresh date.
    private func httpRequest(for request: S3Request) -> HTTPClientRequest {
        let address = address(of: request)
        let signed = SigV4Request(
            method: request.method.rawValue, path: address.wirePath, query: request.query,
            headers: [(name: "host", value: address.host)] + request.headers, payloadSHA256: request.payloadSHA256)
        var http = HTTPClientRequest(url: address.url)
        http.method = request.method
        for (name, value) in signer.sign(signed, at: now()) { http.headers.add(name: name, value: value) }
        if let body = request.body { http.body = .bytes(body) }
        return http
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
