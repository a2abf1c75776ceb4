import Foundation
import NIOSSL
import PostgresNIO

/// Where Postgres is, parsed from a `DATABASE_URL` such as `postgres://user:secret@db:5432/mataresit?sslmode=verify-full`
/// or, for a unix socket, `postgres://user@/mataresit?host=/path/to/socket/dir&port=5433`. TLS follows libpq (see
/// ``DatabaseTLS``); `hostaddr` connects to an address while the certificate is checked against `host`.
public struct DatabaseConfiguration: Sendable, Equatable {
    public var host: String?
    /// libpq's `hostaddr`: the address to connect to instead of resolving `host`.
    public var hostAddress: String?
    public var socketDirectory: String?
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls = DatabaseTLS()
    /// Pool size per process (default 16).
    public var maximumConnections: Int = 16

    public init(
        host: String? = nil, socketDirectory: String? = nil, port: Int = 5432, username: String,
        password: String? = nil, database: String, tls: DatabaseTLS = DatabaseTLS()
    ) {
        self.host = host
        self.socketDirectory = socketDirectory
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses a `DATABASE_URL`; the error names the variable but never echoes the password. `environment` supplies
    /// libpq's `PGSSLMODE`, `PGSSLROOTCERT`, `PGSSLCERT` and `PGSSLKEY` for what the URL does not say.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let components = URLComponents(string: url),
            ["postgres", "postgresql"].contains(components.scheme ?? "")
        else {
            throw StoreError.configuration("DATABASE_URL must look like postgres://user:password@host:5432/database")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !database.isEmpty else { throw StoreError.configuration("DATABASE_URL names no database") }
        guard let username = components.user ?? query["user"], !username.isEmpty else {
            throw StoreError.configuration("DATABASE_URL names no user")
        }
        let hostParameter = query["host"]
        let socket = hostParameter.flatMap { $0.hasPrefix("/") ? $0 : nil }
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? (socket == nil ? hostParameter : nil)
        guard host != nil || socket != nil else { throw StoreError.configuration("DATABASE_URL names no host") }
        self.init(
            host: host, socketDirectory: socket, port: components.port ?? query["port"].flatMap(Int.init) ?? 5432,
            username: username, password: components.password ?? query["password"], database: database,
            tls: try DatabaseTLS(parameters: query, environment: environment))
        hostAddress = query["hostaddr"].flatMap { $0.isEmpty ? nil : $0 }
        try TransactionPoolerCheck.refuse(host: host, port: port, parameters: query)
    }

    /// The same server, another database (tests and `dev` use one database per purpose).
    public func with(database: String) -> DatabaseConfiguration {
        var copy = self
        copy.database = database
        return copy
    }

    /// postgres-nio pool configuration. Throws when the TLS settings cannot be used (a missing CA file, verify-full
    /// against an address).
    public func clientConfiguration() throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch try endpoint() {
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: username, password: password, database: database)
        case .tcp(let address, let serverName, let tls):
            let mode: PostgresClient.Configuration.TLS =
                tls.map { self.tls.mode.requiresTLS ? .require($0) : .prefer($0) } ?? .disable
            configuration = .init(
                host: address, port: port, username: username, password: password, database: database, tls: mode)
            configuration.options.tlsServerName = serverName
        }
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }

    /// postgres-nio configuration of one direct connection (no pool, no retries), connecting within `timeout`.
    public func connectionConfiguration(timeout: Duration = .seconds(10)) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch try endpoint() {
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: username, password: password, database: database)
        case .tcp(let address, let serverName, let tls):
            let context = try tls.map { try NIOSSLContext(configuration: $0) }
            let mode: PostgresConnection.Configuration.TLS =
                context.map { self.tls.mode.requiresTLS ? .require($0) : .prefer($0) } ?? .disable
            configuration = .init(
                host: address, port: port, username: username, password: password, database: database, tls: mode)
            configuration.options.tlsServerName = serverName
        }
        configuration.options.connectTimeout = .milliseconds(timeout.components.seconds * 1000)
        return configuration
    }

    /// Where to connect and how, resolved once for both kinds of configuration.
    enum Endpoint {
        case socket(path: String)
        /// The address to connect to, the name the certificate must carry (nil: none checked), TLS (nil: none).
        case tcp(address: String, serverName: String?, tls: TLSConfiguration?)
    }

    func endpoint() throws -> Endpoint {
        if let socketDirectory { return .socket(path: "\(socketDirectory)/.s.PGSQL.\(port)") }
        let host = host ?? "127.0.0.1"
        let serverName = Self.isAddress(host) ? nil : host
        if tls.mode == .verifyFull && serverName == nil {
            throw StoreError.configuration(
                "DATABASE_URL: sslmode=verify-full checks the host name in the server's certificate, and \(host) is an "
                    + "address: name the host (with hostaddr=\(host) to connect to that address) or use verify-ca")
        }
        return .tcp(address: hostAddress ?? host, serverName: serverName, tls: try tls.nioConfiguration())
    }

    static func isAddress(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// A URL for tools such as `psql` and `pg_dump` (password included: do not log it).
    public var url: String {
        let auth = password.map { "\(username):\($0)" } ?? username
        if let socketDirectory { return "postgresql://\(auth)@/\(database)?host=\(socketDirectory)&port=\(port)" }
        var query = URLComponents()
        query.queryItems = tls.queryItems + (hostAddress.map { [URLQueryItem(name: "hostaddr", value: $0)] } ?? [])
        return "postgresql://\(auth)@\(host ?? "127.0.0.1"):\(port)/\(database)?\(query.percentEncodedQuery ?? "")"
    }
}
