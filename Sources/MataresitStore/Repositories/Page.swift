/// A page of results with the exact total, as the existing API paginates.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var page: Int
    public var limit: Int

    /// Offset of the first row of `page` (1-based) for a page size of `limit`.
    public static func offset(page: Int, limit: Int) -> Int { (page - 1) * limit }
}
