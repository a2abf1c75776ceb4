extension KafkaConsumer {
    /// Polls on the consumer's thread until `maxMessages` arrived or `maxWait` elapsed since this
    /// call started; returns a possibly empty batch, in order per partition, only from partitions
    /// currently assigned.
    /// - Throws: ``KafkaError`` on fatal errors, when the rebalance handler kept failing
    ///   (``KafkaError/Code/rebalanceHandlerFailed``, sticky: recreate the consumer), or after
    ///   ``close()`` (``KafkaError/Code/closed``).
    public func poll(maxMessages: Int, maxWait: Duration) async throws -> [KafkaMessage] {
        let deadline = ContinuousClock.now + maxWait
        return try await thread.perform("poll") { client throws(KafkaError) in
            try RDKafkaConsumerCalls.pollBatch(client, maxMessages: maxMessages, deadline: deadline)
        }
    }

    /// Leaves the group (the rebalance handler's `revoked` is called for the assigned partitions),
    /// stops the consumer's thread and destroys the librdkafka handle. Later polls throw
    /// ``KafkaError/Code/closed``.
    public func close() async {
        _ = try? await thread.perform("close") { client in
            RDKafkaConsumerCalls.close(client)
        }
        await thread.stop()
    }
}
