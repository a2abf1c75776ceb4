/// One archived Kafka message: where it was, when its event happened, and its exact bytes.
public struct ArchiveRecord: Sendable, Equatable {
    /// Its offset in its topic partition.
    public let offset: Int64
    /// Event time (the envelope's `occurred_at`; the broker timestamp when the value does not decode), µs since 1970.
    public let eventMicros: Int64
    public let key: [UInt8]?
    /// The message value as consumed (an encoded envelope).
    public let value: [UInt8]
}
