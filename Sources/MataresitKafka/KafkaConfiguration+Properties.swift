extension KafkaConfiguration {
    /// The librdkafka properties of one client: `defaults`, then the connection settings, then ``properties``.
    func librdkafkaProperties(defaults: [(String, String)]) -> [(String, String)] {
        var result = defaults
        result.append(("bootstrap.servers", bootstrapServers))
        result.append(("client.id", clientID))
        result.append(contentsOf: properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        return result
    }
}
