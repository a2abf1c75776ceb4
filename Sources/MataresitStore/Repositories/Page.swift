/// A page of results with the exact total, as the existing API paginates.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var page: Int
    public var limit: Int

    public init(items: [Item], total: Int, page: Int, limit: Int) {
        self.items = items
        self.total = total
        self.page = page
        self.limit = limit
    }

    /// Offset of the first row of `page` (1-based) for a page size of `limit`.
    public static func offset(page: Int, limit: Int) -> Int { (page - 1) * limit }
}
