import ServiceLifecycle

/// Publishes the security-event windows that ended, a few times per window, and every open window at shutdown.
struct SecurityEventFlusher: Service {
    let reporter: SecurityEventReporter
    let window: Duration

    func run() async {
        let tick = min(window / 4, .seconds(5))
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                await reporter.publishEndedWindows()
            }
        }
        await reporter.publishEndedWindows(all: true)
    }
}
