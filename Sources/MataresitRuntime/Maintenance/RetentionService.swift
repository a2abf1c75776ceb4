import Logging
import MataresitStreams
import ServiceLifecycle

/// Runs retention inside a worker at start and then every `interval`. Safe on several workers at once (drops and
/// deletes are idempotent); each run deletes only what the archive already holds.
struct RetentionService: Service {
    let job: RetentionJob
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await job.run()
            } catch {
                logger.error("retention job failed; retrying later", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
