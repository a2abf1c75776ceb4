/// A message whose delivery finally failed, handed back so the caller can spool it.
public struct KafkaDeliveryFailure: Sendable, CustomStringConvertible {
    /// The topic it was sent to.
    public let topic: String
    /// The partition it was sent to, or -1 when none was chosen yet.
    public let partition: Int32
    /// Its key.
    public let key: [UInt8]?
    /// Its value.
    public let value: [UInt8]
    /// Why it failed.
    public let error: KafkaError

    /// Topic, partition, sizes and error; never the key or value.
    public var description: String {
        "KafkaDeliveryFailure(\(topic)[\(partition)], \(value.count) bytes: \(error))"
    }
}
