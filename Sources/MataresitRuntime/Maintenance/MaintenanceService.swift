import Logging
import ServiceLifecycle

/// Runs the daily maintenance inside a worker: at start and then every `interval` it tries to claim today's run
/// (one worker wins per UTC day; the others find it taken). A failed run is logged and tried again next interval.
struct MaintenanceService: Service {
    let job: KeyExpiryJob
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await job.runDaily()
            } catch {
                logger.error("key-expiry job failed; retrying later", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
