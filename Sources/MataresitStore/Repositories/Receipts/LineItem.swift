import Foundation

/// One line of a receipt, in the table's snake_case names.
public struct LineItem: Sendable, Encodable, Equatable {
    public var id: UUID
    public var receiptID: UUID
    public var description: String
    public var amount: Decimal
    public var quantity: Decimal
    public var unitPrice: Decimal?
    public var totalPrice: Decimal?
    public var category: String?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, description, amount, quantity, category
        case receiptID = "receipt_id", unitPrice = "unit_price", totalPrice = "total_price"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeLowercase(id, forKey: .id)
        try container.encodeLowercase(receiptID, forKey: .receiptID)
        try container.encode(description, forKey: .description)
        try container.encode(amount, forKey: .amount)
        try container.encode(quantity, forKey: .quantity)
        try container.encode(unitPrice, forKey: .unitPrice)
        try container.encode(totalPrice, forKey: .totalPrice)
        try container.encode(category, forKey: .category)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// A line item as a client supplies it (validated by the API). `amount` is the line's total: `totalPrice`
/// when given, else `quantity × unitPrice`.
public struct NewLineItem: Sendable {
    public var description: String
    public var quantity: Decimal
    public var unitPrice: Decimal?
    public var totalPrice: Decimal?
    public var category: String?

    public init(
        description: String, quantity: Decimal = 1, unitPrice: Decimal? = nil, totalPrice: Decimal? = nil,
        category: String? = nil
    ) {
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.totalPrice = totalPrice
        self.category = category
    }

    /// The line's total as stored in `amount`.
    public var amount: Decimal { totalPrice ?? (unitPrice.map { $0 * quantity } ?? 0) }
}
