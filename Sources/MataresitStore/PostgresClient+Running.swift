import PostgresNIO

extension PostgresClient {
    /// Runs `body` while the client's `run()` goes on in a child task, and stops the client when `body` returns or
    /// throws.
    ///
    /// `body` starts only once the child task is entering `run()`: a lease made before `run()` began makes
    /// postgres-nio warn "PostgresClient.run() hasn't been called yet" on every command's output.
    public func whileRunning<T>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            let (entered, signal) = AsyncStream<Never>.makeStream()
            group.addTask {
                signal.finish()
                await self.run()
            }
            for await _ in entered {}
            defer { group.cancelAll() }
            return try await body()
        }
    }
}
