import Foundation

/// A receipt as the API returns it: the table's snake_case names, `fullText` as the existing clients expect.
public struct Receipt: Sendable, Codable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var teamID: UUID?
    public var merchant: String
    public var normalizedMerchant: String?
    public var date: String
    public var total: Decimal
    public var tax: Decimal?
    public var currency: String
    public var paymentMethod: String?
    public var status: String
    public var category: String?
    public var processingStatus: String
    public var imageURL: String?
    public var thumbnailURL: String?
    public var fullText: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var customCategoryID: UUID?

    enum CodingKeys: String, CodingKey {
        case id, merchant, date, total, tax, currency, status, fullText
        case userID = "user_id", teamID = "team_id", normalizedMerchant = "normalized_merchant"
        case paymentMethod = "payment_method", category = "predicted_category"
        case processingStatus = "processing_status", imageURL = "image_url", thumbnailURL = "thumbnail_url"
        case createdAt = "created_at", updatedAt = "updated_at", customCategoryID = "custom_category_id"
    }

    /// DESIGN.md §3 exposes the category as `category`; `predicted_category` stays for the existing clients.
    enum AliasKeys: String, CodingKey {
        case category
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeLowercase(id, forKey: .id)
        try container.encodeLowercase(userID, forKey: .userID)
        try container.encodeLowercase(teamID, forKey: .teamID)
        try container.encode(merchant, forKey: .merchant)
        try container.encode(normalizedMerchant, forKey: .normalizedMerchant)
        try container.encode(date, forKey: .date)
        try container.encode(total, forKey: .total)
        try container.encode(tax, forKey: .tax)
        try container.encode(currency, forKey: .currency)
        try container.encode(paymentMethod, forKey: .paymentMethod)
        try container.encode(status, forKey: .status)
        try container.encode(category, forKey: .category)
        try container.encode(processingStatus, forKey: .processingStatus)
        try container.encode(imageURL, forKey: .imageURL)
        try container.encode(thumbnailURL, forKey: .thumbnailURL)
        try container.encode(fullText, forKey: .fullText)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encodeLowercase(customCategoryID, forKey: .customCategoryID)
        var aliases = encoder.container(keyedBy: AliasKeys.self)
        try aliases.encode(category, forKey: .category)
    }
}

/// The fields a client supplies to create a receipt (already validated by the API).
public struct NewReceipt: Sendable {
    public var merchant: String
    public var date: String
    public var total: Decimal
    public var tax: Decimal?
    public var currency: String
    public var paymentMethod: String?
    public var status: String
    public var category: String?
    public var imageURL: String?
    public var fullText: String?
    public var teamID: UUID?
    public var customCategoryID: UUID?
    public var lineItems: [NewLineItem]

    public init(
        merchant: String, date: String, total: Decimal, tax: Decimal? = nil, currency: String = "USD",
        paymentMethod: String? = nil, status: String = "unreviewed", category: String? = nil,
        imageURL: String? = nil, fullText: String? = nil, teamID: UUID? = nil, customCategoryID: UUID? = nil,
        lineItems: [NewLineItem] = []
    ) {
        self.customCategoryID = customCategoryID
        self.lineItems = lineItems
        self.merchant = merchant
        self.date = date
        self.total = total
        self.tax = tax
        self.currency = currency
        self.paymentMethod = paymentMethod
        self.status = status
        self.category = category
        self.imageURL = imageURL
        self.fullText = fullText
        self.teamID = teamID
    }
}
