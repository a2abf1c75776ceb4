import PostgresNIO
import _ConnectionPoolModule

/// Errors of the store. Descriptions never contain SQL parameters, passwords or personal data.
public enum StoreError: Error, CustomStringConvertible {
    /// A stage's commit found that the partition was claimed by someone else since (a zombie worker).
    case fenced(stage: String, topic: String, partition: Int32, epoch: Int64)
    case configuration(String)
    case notFound(String)
    case conflict(String)
    /// The database failed; `summary` is safe to log (SQLSTATE and server message).
    case database(summary: String)

    public var description: String {
        switch self {
        case .fenced(let stage, let topic, let partition, let epoch):
            return "stage \(stage) lost \(topic)[\(partition)] (epoch \(epoch) is stale): commit refused"
        case .configuration(let message): return message
        case .notFound(let what): return "\(what) not found"
        case .conflict(let what): return what
        case .database(let summary): return "database error: \(summary)"
        }
    }

    /// Whether retrying the same work later may succeed.
    public var isRetriable: Bool {
        if case .database = self { return true }
        return false
    }

    /// Maps any error thrown by postgres-nio to a `StoreError`, unwrapping transaction wrappers.
    public static func wrap(_ error: any Error) -> any Error {
        if let transaction = error as? PostgresTransactionError {
            if let inner = transaction.closureError { return wrap(inner) }
            if let inner = transaction.commitError ?? transaction.beginError { return wrap(inner) }
        }
        if error is StoreError { return error }
        // The pool stops trying to connect for a while after failing for long: the database is down, not wrong.
        if let pool = error as? ConnectionPoolError, pool == .connectionCreationCircuitBreakerTripped {
            return StoreError.database(summary: "no connection to the database (the pool paused its attempts)")
        }
        if let psql = error as? PSQLError {
            if let tls = DatabaseTLSFailure.describe(psql) { return StoreError.database(summary: tls) }
            guard let serverInfo = psql.serverInfo else {
                let cause = psql.underlying.map { ": \($0)" } ?? ""
                return StoreError.database(summary: "\(psql.code)\(cause)")
            }
            return StoreError.database(
                summary: "\(serverInfo[.sqlState] ?? "-") \(serverInfo[.message] ?? "\(psql.code)")")
        }
        return error
    }

    /// Runs `body`, mapping whatever it throws with ``wrap(_:)``.
    public static func wrapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw wrap(error)
        }
    }

    /// The SQLSTATE of a database error, if it is one.
    public static func sqlState(of error: any Error) -> String? {
        if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError {
            return sqlState(of: inner)
        }
        return (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
