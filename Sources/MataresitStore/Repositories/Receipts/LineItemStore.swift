import Foundation
import Logging
import PostgresNIO

/// The `line_items` of receipts.
public struct LineItemStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The receipt's line items in the order they were given.
    public func list(receiptID: UUID) async throws -> [LineItem] {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT id, receipt_id, description, amount, quantity, unit_price, total_price, category, created_at,
                       updated_at
                FROM line_items WHERE receipt_id = \(receiptID) ORDER BY position, created_at, id
                """, logger: logger)
            var items: [LineItem] = []
            for try await row in rows.decode(
                (UUID, UUID, String, Decimal, Decimal, Decimal?, Decimal?, String?, Date, Date).self)
            {
                items.append(
                    LineItem(
                        id: row.0, receiptID: row.1, description: row.2, amount: row.3, quantity: row.4,
                        unitPrice: row.5, totalPrice: row.6, category: row.7, createdAt: row.8, updatedAt: row.9))
            }
            return items
        }
    }

    /// Inserts `items` for a receipt inside the caller's transaction (one statement for all of them).
    static func insert(_ items: [NewLineItem], receiptID: UUID, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        guard !items.isEmpty else { return }
        // Arrays of optionals and of Decimal do not bind: decimals travel as text, and nullable columns travel as a value array plus a presence mask.
        try await connection.query(
            """
            INSERT INTO line_items (receipt_id, description, amount, quantity, unit_price, total_price, category,
                                    position)
            SELECT \(receiptID), d, a, q, CASE WHEN hu THEN u END, CASE WHEN ht THEN t END, CASE WHEN hc THEN c END, p
            FROM unnest(\(items.map(\.description))::text[], \(items.map { "\($0.amount)" })::numeric[],
                        \(items.map { "\($0.quantity)" })::numeric[],
                        \(items.map { "\($0.unitPrice ?? 0)" })::numeric[], \(items.map { $0.unitPrice != nil })::boolean[],
                        \(items.map { "\($0.totalPrice ?? 0)" })::numeric[], \(items.map { $0.totalPrice != nil })::boolean[],
                        \(items.map { $0.category ?? "" })::text[], \(items.map { $0.category != nil })::boolean[],
                        \(Array(0..<items.count))::integer[]) AS x(d, a, q, u, hu, t, ht, c, hc, p)
            """, logger: logger)
    }
}
