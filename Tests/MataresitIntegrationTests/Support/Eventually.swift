import Foundation

/// Polls `condition` until it holds or `timeout` passes; returns whether it held. For waiting on
/// asynchronous projections, never as a performance assertion.
func eventually(
    timeout: Duration = .seconds(20), every interval: Duration = .milliseconds(100),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline && !Task.isCancelled {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}

/// Sends a request until it answers `status` or `timeout` passes, and returns the last answer: for a change the
/// API sees only when its one-second key cache expires, without sleeping past the cache.
func awaitStatus(
    _ status: Int, timeout: Duration = .seconds(5), _ send: () async throws -> HTTPResult
) async throws -> HTTPResult {
    let deadline = ContinuousClock.now + timeout
    var answer = try await send()
    while answer.status != status, ContinuousClock.now < deadline, !Task.isCancelled {
        try await Task.sleep(for: .milliseconds(50))
        answer = try await send()
    }
    return answer
}
