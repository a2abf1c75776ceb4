import Foundation
import PostgresNIO

extension ReceiptStore {
    /// The receipt with this id, whoever owns it (the API checks access), or nil.
    public func find(id: UUID) async throws -> Receipt? {
        return try await StoreError.wrapping {
            try await client.query("SELECT \(unescaped: Self.columns) FROM receipts WHERE id = \(id)", logger: logger)
                .first(Self.decode)
        }
    }

    /// The receipts with these ids (those that exist), in no particular order.
    public func find(ids: [UUID]) async throws -> [Receipt] {
        guard !ids.isEmpty else { return [] }
        return try await StoreError.wrapping {
            let rows = try await client.query(
                "SELECT \(unescaped: Self.columns) FROM receipts WHERE id = ANY(\(ids)) ORDER BY date DESC, id",
                logger: logger)
            var receipts: [Receipt] = []
            for try await row in rows { receipts.append(try Self.decode(row)) }
            return receipts
        }
    }

    /// Applies `changes`, sets `updated_at` and returns the receipt as stored (nil when it no longer exists).
    public func update(id: UUID, _ changes: ReceiptChanges) async throws -> Receipt? {
        return try await StoreError.wrapping {
            var sql = SQLBuilder()
            var assignments = ["updated_at = now()"]
            if let merchant = changes.merchant {
                assignments.append("merchant = \(try sql.bind(merchant))")
                assignments.append("normalized_merchant = \(try sql.bind(merchant.lowercased()))")
            }
            if let date = changes.date { assignments.append("date = \(try sql.bind(date))::date") }
            if let total = changes.total { assignments.append("total = \(try sql.bind(total))") }
            if let tax = changes.tax { assignments.append("tax = \(try sql.bind(tax))::numeric") }
            if let currency = changes.currency { assignments.append("currency = \(try sql.bind(currency))") }
            if let method = changes.paymentMethod { assignments.append("payment_method = \(try sql.bind(method))") }
            if let category = changes.category { assignments.append("predicted_category = \(try sql.bind(category))") }
            if let status = changes.status { assignments.append("status = \(try sql.bind(status))") }
            if let fullText = changes.fullText { assignments.append("full_text = \(try sql.bind(fullText))") }
            let text = """
                UPDATE receipts SET \(assignments.joined(separator: ", ")) WHERE id = \(try sql.bind(id))
                RETURNING \(Self.columns)
                """
            return try await client.query(sql.query(text), logger: logger).first(Self.decode)
        }
    }

    /// Deletes the receipt (its line items and processing logs go with it); false when it did not exist.
    public func delete(id: UUID) async throws -> Bool {
        return try await StoreError.wrapping {
            try await client.deleteRow(from: "receipts", id: id, logger: logger)
        }
    }
}
