import Foundation
import Logging
import PostgresNIO

/// Receipts, always scoped to the calling user.
public struct ReceiptStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    static let columns = """
        id, user_id, team_id, merchant, normalized_merchant, date::text, total, tax, currency, payment_method,
        status, predicted_category, processing_status, image_url, thumbnail_url, full_text, created_at, updated_at,
        custom_category_id
        """

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Inserts a receipt owned by `userID` with its line items and a first processing log, in one transaction,
    /// and returns it as stored.
    /// With `monthlyLimit`, throws ``ReceiptQuotaExceeded`` instead when the user's month is used up.
    public func create(_ receipt: NewReceipt, userID: UUID, monthlyLimit: Int? = nil) async throws -> Receipt {
        return try await StoreError.wrapping {
            return try await client.withTransaction(logger: logger) { connection in
                if let monthlyLimit {
                    try await Self.enforce(monthlyLimit: monthlyLimit, userID: userID, on: connection, logger: logger)
                }
                let rows = try await connection.query(
                    """
                    INSERT INTO receipts (user_id, team_id, merchant, normalized_merchant, date, total, tax, currency,
                                          payment_method, status, predicted_category, image_url, full_text,
                                          custom_category_id, processing_status)
                    VALUES (\(userID), \(receipt.teamID), \(receipt.merchant), \(receipt.merchant.lowercased()),
                            \(receipt.date)::date, \(receipt.total), \(receipt.tax), \(receipt.currency),
                            \(receipt.paymentMethod), \(receipt.status), \(receipt.category), \(receipt.imageURL),
                            \(receipt.fullText), \(receipt.customCategoryID), 'complete')
                    RETURNING \(unescaped: Self.columns)
                    """, logger: logger)
                var created: Receipt?
                for try await row in rows { created = try Self.decode(row) }
                guard let created else { throw StoreError.database(summary: "insert returned no row") }
                try await LineItemStore.insert(receipt.lineItems, receiptID: created.id, on: connection, logger: logger)
                try await ProcessingLogStore.insert(
                    receiptID: created.id, step: "create", message: "Created via the external API", on: connection,
                    logger: logger)
                return created
            }
        }
    }

    static func decode(_ row: PostgresRow) throws -> Receipt {
        let cells = row.makeRandomAccess()
        return Receipt(
            id: try cells[0].decode(UUID.self), userID: try cells[1].decode(UUID.self),
            teamID: try cells[2].decode(UUID?.self), merchant: try cells[3].decode(String.self),
            normalizedMerchant: try cells[4].decode(String?.self), date: try cells[5].decode(String.self),
            total: try cells[6].decode(Decimal.self), tax: try cells[7].decode(Decimal?.self),
            currency: try cells[8].decode(String.self), paymentMethod: try cells[9].decode(String?.self),
            status: try cells[10].decode(String.self), category: try cells[11].decode(String?.self),
            processingStatus: try cells[12].decode(String.self), imageURL: try cells[13].decode(String?.self),
            thumbnailURL: try cells[14].decode(String?.self), fullText: try cells[15].decode(String?.self),
            createdAt: try cells[16].decode(Date.self), updatedAt: try cells[17].decode(Date.self),
            customCategoryID: try cells[18].decode(UUID?.self))
    }
}
