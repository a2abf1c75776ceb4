import Foundation

/// The editable fields of a receipt; nil leaves a field unchanged. `tax` may be set to null explicitly.
public struct ReceiptChanges: Sendable {
    public var merchant: String?
    public var date: String?
    public var total: Decimal?
    /// `.some(nil)` clears the tax.
    public var tax: Decimal??
    public var currency: String?
    public var paymentMethod: String?
    public var category: String?
    public var status: String?
    public var fullText: String?

    public init() {}

    /// Whether nothing would change.
    public var isEmpty: Bool {
        merchant == nil && date == nil && total == nil && tax == nil && currency == nil && paymentMethod == nil
            && category == nil && status == nil && fullText == nil
    }
}
