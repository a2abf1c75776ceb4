/// Connection settings shared by every Kafka client of this module.
///
/// Each client adds its own defaults (see ``KafkaProducer`` and ``KafkaConsumer``); ``properties``
/// are applied last, so they override every default written by this module.
public struct KafkaConfiguration: Sendable {
    /// Comma-separated `host:port` list (librdkafka's `bootstrap.servers`).
    public var bootstrapServers: String
    /// librdkafka's `client.id`. Default: `"mataresit"`.
    public var clientID: String
    /// Extra librdkafka properties (for example `"message.timeout.ms": "30000"`), applied last.
    /// Default: none.
    public var properties: [String: String]

    /// Creates a configuration.
    /// - Parameters:
    ///   - bootstrapServers: comma-separated `host:port` list.
    ///   - clientID: librdkafka's `client.id`; default `"mataresit"`.
    ///   - properties: extra librdkafka properties, applied after every default; default none.
    public init(bootstrapServers: String, clientID: String = "mataresit", properties: [String: String] = [:]) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.properties = properties
    }
}
