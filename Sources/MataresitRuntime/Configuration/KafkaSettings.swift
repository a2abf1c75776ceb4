import Foundation
import MataresitKafka

/// How to reach and authenticate to Kafka: `KAFKA_BROKERS`, the security variables below, and any other librdkafka
/// property through `KAFKA_PROPERTIES_FILE` (`name=value` lines) or `KAFKA_PROPERTY_<NAME>` (the name upper-cased with
/// dots as underscores: `KAFKA_PROPERTY_SOCKET_TIMEOUT_MS` is `socket.timeout.ms`). Later sources override earlier
/// ones: the file, then `KAFKA_PROPERTY_*`, then the dedicated variables. librdkafka checks every property at start.
public struct KafkaSettings: Sendable, Equatable {
    /// `KAFKA_BROKERS`; nil lets `dev` start the embedded broker.
    public var brokers: String?
    /// The librdkafka properties every client of this process gets (security, timeouts, ...).
    public var properties: [String: String] = [:]

    /// The dedicated variables and the property each sets; `secret` ones are masked in `config show`.
    static let dedicated: [(variable: String, property: String, secret: Bool, note: String)] = [
        ("KAFKA_SECURITY_PROTOCOL", "security.protocol", false, "plaintext, ssl, sasl_plaintext or sasl_ssl"),
        ("KAFKA_SASL_MECHANISM", "sasl.mechanism", false, "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER"),
        ("KAFKA_SASL_USERNAME", "sasl.username", false, ""),
        ("KAFKA_SASL_PASSWORD", "sasl.password", true, ""),
        ("KAFKA_SSL_CA_LOCATION", "ssl.ca.location", false, "CA file (PEM) the brokers' certificates must chain to"),
        ("KAFKA_SSL_CERTIFICATE_LOCATION", "ssl.certificate.location", false, "client certificate (PEM)"),
        ("KAFKA_SSL_KEY_LOCATION", "ssl.key.location", false, "client key (PEM)"),
        ("KAFKA_SSL_KEY_PASSWORD", "ssl.key.password", true, "")
    ]
    static let propertyPrefix = "KAFKA_PROPERTY_"

    public init(brokers: String? = nil, properties: [String: String] = [:]) {
        self.brokers = brokers
        self.properties = properties
    }

    init(reading reader: inout EnvironmentReader, brokers: String?, environment: [String: String]) {
        self.brokers = brokers
        if let path = reader.string("KAFKA_PROPERTIES_FILE", note: "name=value lines of librdkafka properties") {
            do {
                properties = try Self.parsePropertiesFile(path)
            } catch {
                reader.reject("KAFKA_PROPERTIES_FILE", "\(error)")
            }
        }
        for name in environment.keys.sorted() where name.hasPrefix(Self.propertyPrefix) {
            let property = name.dropFirst(Self.propertyPrefix.count).lowercased().replacingOccurrences(
                of: "_", with: ".")
            let secret = ["password", "secret", "key.pem", "token"].contains { property.contains($0) }
            if let value = reader.string(name, sensitivity: secret ? .secret : .plain) { properties[property] = value }
        }
        for (variable, property, secret, note) in Self.dedicated {
            let value = reader.string(variable, sensitivity: secret ? .secret : .plain, note: note.isEmpty ? nil : note)
            if let value { properties[property] = value }
        }
        for (property, problem) in KafkaPropertyCheck.problems(properties.sorted { $0.key < $1.key }) {
            let variable = property.isEmpty ? "KAFKA_SECURITY_PROTOCOL" : Self.variable(setting: property)
            reader.reject(
                variable, "librdkafka refuses \(property.isEmpty ? "the Kafka settings" : property): \(problem)")
        }
    }

    /// The variable a user would set for `property`, to name it in errors.
    static func variable(setting property: String) -> String {
        dedicated.first { $0.property == property }?.variable
            ?? propertyPrefix + property.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// `name=value` lines; blank lines and lines starting with `#` or `!` are skipped.
    static func parsePropertiesFile(_ path: String) throws -> [String: String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RuntimeError.invalidArgument("cannot read \(path)")
        }
        var properties: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("!") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw RuntimeError.invalidArgument("\(path):\(number + 1): expected name=value")
            }
            let name = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            properties[name] = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return properties
    }

    /// The client configuration for `brokers` (default: ``brokers``) with these properties; nil without brokers.
    public func configuration(brokers: String? = nil, clientID: String) -> KafkaConfiguration? {
        (brokers ?? self.brokers).map {
            KafkaConfiguration(bootstrapServers: $0, clientID: clientID, properties: properties)
        }
    }

    /// What `doctor` shows: the protocol and, with SASL, the mechanism.
    public var protocolSummary: String {
        let security = properties["security.protocol"]?.lowercased() ?? "plaintext"
        return security.hasPrefix("sasl") ? "\(security), \(properties["sasl.mechanism"] ?? "GSSAPI")" : security
    }
}
