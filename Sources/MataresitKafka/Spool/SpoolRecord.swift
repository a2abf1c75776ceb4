/// One message waiting in the spool for the broker to come back.
public struct SpoolRecord: Sendable, Equatable {
    public let topic: String
    public let key: [UInt8]?
    public let value: [UInt8]

    public init(topic: String, key: [UInt8]?, value: [UInt8]) {
        self.topic = topic
        self.key = key
        self.value = value
    }
}
