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
