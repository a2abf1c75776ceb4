import Foundation
import Logging
import PostgresNIO

/// The `processing_logs` of receipts.
public struct ProcessingLogStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The receipt's processing history, oldest first.
    public func list(receiptID: UUID) async throws -> [ProcessingLog] {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT id, receipt_id, step_name, status_message, created_at FROM processing_logs
                WHERE receipt_id = \(receiptID) ORDER BY created_at, id
                """, logger: logger)
            var logs: [ProcessingLog] = []
            for try await row in rows.decode((UUID, UUID, String?, String, Date).self) {
                logs.append(
                    ProcessingLog(id: row.0, receiptID: row.1, stepName: row.2, statusMessage: row.3, createdAt: row.4))
            }
            return logs
        }
    }

    /// Records a step inside the caller's transaction.
    static func insert(
        receiptID: UUID, step: String, message: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO processing_logs (receipt_id, step_name, status_message)
            VALUES (\(receiptID), \(step), \(message))
            """, logger: logger)
    }
}
