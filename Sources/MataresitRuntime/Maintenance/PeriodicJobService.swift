import Logging
import ServiceLifecycle

/// Runs a job inside a worker at start and then every `interval` until shutdown; a failed run is logged and tried
/// again at the next interval. The daily maintenance claims each UTC day's run (one worker wins, the others find it
/// taken); retention is safe on several workers at once (drops and deletes are idempotent, and it deletes only what
/// the archive already holds).
struct PeriodicJobService: Service {
    /// Names the job in the failure log: `key-expiry`, `retention`.
    let name: String
    let interval: Duration
    let logger: Logger
    let job: @Sendable () async throws -> Void

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await job()
            } catch {
                logger.error("\(name) job failed; retrying later", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
