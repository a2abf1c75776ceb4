extension KafkaProducer {
    /// Waits on the poll thread up to `timeout` for in-flight deliveries.
    /// - Returns: how many are still undelivered (librdkafka's out-queue length; 0 = all done).
    public func flush(timeout: Duration) async -> Int {
        do {
            return try await thread.perform("flush") { client in
                RDKafkaProducerCalls.flush(client.raw, timeout: timeout)
            }
        } catch {
            return max(0, tracker.undelivered)
        }
    }

    /// Stops intake (later sends throw ``KafkaError/Code/closed``), flushes up to `flushTimeout`,
    /// reports what is still undelivered through the delivery-failure handler, stops the poll
    /// thread and destroys the librdkafka handle. Calling it again does nothing.
    public func shutdown(flushTimeout: Duration) async {
        guard gate.close() else { return }
        let logger = self.logger
        let gate = self.gate
        _ = try? await thread.perform("shutdown") { client in
            gate.waitUntilEmpty()
            let remaining = RDKafkaProducerCalls.flush(client.raw, timeout: flushTimeout)
            if remaining > 0 {
                logger.warning("producer shutdown: purging undelivered messages", metadata: ["count": "\(remaining)"])
                RDKafkaProducerCalls.purge(client.raw)
                _ = RDKafkaProducerCalls.flush(client.raw, timeout: .seconds(1))
            }
        }
        await thread.stop()
    }
}
