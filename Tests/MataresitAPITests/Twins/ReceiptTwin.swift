import Foundation
import MataresitAPI
import MataresitCore
import Synchronization

@testable import MataresitStore

/// `receipts`, `line_items` and `processing_logs` in memory, with `ReceiptStore`'s filters, order (NULLS LAST,
/// then id) and quota.
final class ReceiptTwin: ReceiptRepository, LineItemRepository, ProcessingLogRepository {
    private struct Tables {
        var receipts: [UUID: Receipt] = [:]
        var lineItems: [UUID: [LineItem]] = [:]
        var logs: [UUID: [ProcessingLog]] = [:]
    }

    private let tables = Mutex(Tables())

    var all: [Receipt] { tables.withLock { Array($0.receipts.values) } }

    func list(_ filter: ReceiptFilter, page: Int, limit: Int) async throws -> Page<Receipt> {
        let selected = tables.withLock { $0.receipts.values.filter { Self.matches($0, filter) } }
            .sorted { Self.precedes($0, $1, by: filter.sortBy, ascending: filter.ascending) }
        let items = Array(selected.dropFirst(Page<Receipt>.offset(page: page, limit: limit)).prefix(limit))
        return Page(items: items, total: selected.count, page: page, limit: limit)
    }

    func count(_ filter: ReceiptFilter) async throws -> Int {
        tables.withLock { $0.receipts.values.filter { Self.matches($0, filter) }.count }
    }

    func find(id: UUID) async throws -> Receipt? { tables.withLock { $0.receipts[id] } }

    /// `WHERE id = ANY(ids) ORDER BY date DESC, id`.
    func find(ids: [UUID]) async throws -> [Receipt] {
        tables.withLock { tables in Set(ids).compactMap { tables.receipts[$0] } }
            .sorted { ($0.date, $1.id.uuidString) > ($1.date, $0.id.uuidString) }
    }

    func create(_ new: NewReceipt, userID: UUID, monthlyLimit: Int?) async throws -> Receipt {
        if let monthlyLimit {
            let used = try await createdThisMonth(userID: userID)
            if used >= monthlyLimit { throw ReceiptQuotaExceeded(used: used, limit: monthlyLimit) }
        }
        let now = Date(), id = UUID()
        let receipt = Receipt(
            id: id, userID: userID, teamID: new.teamID, merchant: new.merchant,
            normalizedMerchant: new.merchant.lowercased(), date: new.date, total: new.total, tax: new.tax,
            currency: new.currency, paymentMethod: new.paymentMethod, status: new.status, category: new.category,
            processingStatus: "complete", imageURL: new.imageURL, thumbnailURL: nil, fullText: new.fullText,
            createdAt: now, updatedAt: now, customCategoryID: new.customCategoryID)
        let items = new.lineItems.map { item in
            LineItem(
                id: UUID(), receiptID: id, description: item.description,
                amount: item.totalPrice ?? (item.unitPrice ?? 0) * item.quantity, quantity: item.quantity,
                unitPrice: item.unitPrice, totalPrice: item.totalPrice, category: item.category, createdAt: now,
                updatedAt: now)
        }
        let log = ProcessingLog(
            id: UUID(), receiptID: id, stepName: "api", statusMessage: "Created via API", createdAt: now)
        tables.withLock { tables in
            tables.receipts[id] = receipt
            tables.lineItems[id] = items
            tables.logs[id] = [log]
        }
        return receipt
    }

    func update(id: UUID, _ changes: ReceiptChanges) async throws -> Receipt? {
        tables.withLock { tables in
            guard var receipt = tables.receipts[id] else { return nil }
            receipt.merchant = changes.merchant ?? receipt.merchant
            if let merchant = changes.merchant { receipt.normalizedMerchant = merchant.lowercased() }
            receipt.date = changes.date ?? receipt.date
            receipt.total = changes.total ?? receipt.total
            if let tax = changes.tax { receipt.tax = tax }
            receipt.currency = changes.currency ?? receipt.currency
            receipt.paymentMethod = changes.paymentMethod ?? receipt.paymentMethod
            receipt.category = changes.category ?? receipt.category
            receipt.status = changes.status ?? receipt.status
            receipt.fullText = changes.fullText ?? receipt.fullText
            receipt.updatedAt = Date()
            tables.receipts[id] = receipt
            return receipt
        }
    }

    func delete(id: UUID) async throws -> Bool {
        tables.withLock { tables in
            tables.lineItems[id] = nil
            tables.logs[id] = nil
            return tables.receipts.removeValue(forKey: id) != nil
        }
    }

    func createdThisMonth(userID: UUID) async throws -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.dateInterval(of: .month, for: Date())!.start
        return tables.withLock { $0.receipts.values.filter { $0.userID == userID && $0.createdAt >= start }.count }
    }

    func list(receiptID: UUID) async throws -> [LineItem] { tables.withLock { $0.lineItems[receiptID] ?? [] } }

    func list(receiptID: UUID) async throws -> [ProcessingLog] { tables.withLock { $0.logs[receiptID] ?? [] } }

    static func matches(_ receipt: Receipt, _ filter: ReceiptFilter) -> Bool {
        switch filter.owner {
        case .user(let id): guard receipt.userID == id else { return false }
        case .team(let id): guard receipt.teamID == id else { return false }
        }
        if let start = filter.startDate, receipt.date < start { return false }
        if let end = filter.endDate, receipt.date > end { return false }
        if let merchant = filter.merchant, !receipt.merchant.lowercased().contains(merchant.lowercased()) {
            return false
        }
        if let minimum = filter.minAmount, receipt.total < minimum { return false }
        if let maximum = filter.maxAmount, receipt.total > maximum { return false }
        return [
            (filter.category, receipt.category), (filter.status, receipt.status), (filter.currency, receipt.currency),
            (filter.paymentMethod, receipt.paymentMethod)
        ].allSatisfy { wanted, actual in wanted == nil || wanted == actual }
    }

    /// ORDER BY column NULLS LAST, id, in the filter's direction.
    static func precedes(_ a: Receipt, _ b: Receipt, by column: ReceiptSortColumn, ascending: Bool) -> Bool {
        SQLOrder.precedes((sortKey(a, column), a.id), (sortKey(b, column), b.id), ascending: ascending)
    }

    /// The column's value as text that sorts like the column (numbers padded, timestamps as seconds).
    static func sortKey(_ receipt: Receipt, _ column: ReceiptSortColumn) -> String? {
        let (number, time) = (SQLOrder.number, SQLOrder.time)
        switch column {
        case .createdAt: return time(receipt.createdAt)
        case .updatedAt: return time(receipt.updatedAt)
        case .date: return receipt.date
        case .total: return number(receipt.total)
        case .tax: return number(receipt.tax)
        case .merchant: return receipt.merchant
        case .status: return receipt.status
        case .currency: return receipt.currency
        case .paymentMethod: return receipt.paymentMethod
        case .category: return receipt.category
        }
    }
}

/// Custom categories in memory.
final class CategoryTwin: CategoryRepository {
    private let categories = Mutex<[(category: CustomCategory, owner: UUID)]>([])

    func list(userID: UUID, teamID: UUID?) async throws -> [CustomCategory] {
        categories.withLock { $0.filter { $0.owner == userID && $0.category.teamID == teamID }.map(\.category) }
    }

    func isUsable(id: UUID, userID: UUID) async throws -> Bool {
        categories.withLock { $0.contains { $0.category.id == id && $0.owner == userID } }
    }
}
