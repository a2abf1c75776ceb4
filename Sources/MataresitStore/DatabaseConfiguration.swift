import Foundation
import PostgresNIO

/// Where Postgres is, parsed from a `DATABASE_URL` such as `postgres://user:secret@db:5432/mataresit` or,
/// for a unix socket, `postgres://user@/mataresit?host=/path/to/socket/dir&port=5433`.
public struct DatabaseConfiguration: Sendable, Equatable {
    public var host: String?
    public var socketDirectory: String?
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// Pool size per process (default 16).
    public var maximumConnections: Int = 16

    public init(
        host: String? = nil, socketDirectory: String? = nil, port: Int = 5432, username: String,
        password: String? = nil, database: String
    ) {
        self.host = host
        self.socketDirectory = socketDirectory
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses a `DATABASE_URL`; the error names the variable but never echoes the password.
    public init(url: String) throws {
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
            username: username, password: components.password ?? query["password"], database: database)
    }

    /// The same server, another database (tests and `dev` use one database per purpose).
    public func with(database: String) -> DatabaseConfiguration {
        var copy = self
        copy.database = database
        return copy
    }

    /// postgres-nio client configuration.
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: username, password: password,
                database: database)
        } else {
            configuration = .init(
                host: host ?? "127.0.0.1", port: port, username: username, password: password, database: database,
                tls: .disable)
        }
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }

    /// postgres-nio configuration of one direct connection (no pool, no retries), connecting within `timeout`.
    public func connectionConfiguration(timeout: Duration = .seconds(10)) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: username, password: password,
                database: database)
        } else {
            configuration = .init(
                host: host ?? "127.0.0.1", port: port, username: username, password: password, database: database,
                tls: .disable)
        }
        configuration.options.connectTimeout = .milliseconds(timeout.components.seconds * 1000)
        return configuration
    }

    /// A URL for tools such as `psql` and `pg_dump` (password included: do not log it).
    public var url: String {
        let auth = password.map { "\(username):\($0)" } ?? username
        if let socketDirectory { return "postgresql://\(auth)@/\(database)?host=\(socketDirectory)&port=\(port)" }
        return "postgresql://\(auth)@\(host ?? "127.0.0.1"):\(port)/\(database)"
    }
}
