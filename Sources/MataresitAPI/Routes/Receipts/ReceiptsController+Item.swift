import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `/receipts/{id}`: read with line items and processing logs, image links, update, delete.
extension ReceiptsController {
    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .receiptsRead)
        let receipt = try await access.require(.read, id: try context.pathID("id"), userID: caller.userID)
        async let items = lineItems.list(receiptID: receipt.id)
        async let logs = processingLogs.list(receiptID: receipt.id)
        return try APIResponse.success(
            ReceiptDetail(receipt: receipt, lineItems: try await items, processingLogs: try await logs))
    }

    @Sendable func image(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .receiptsRead)
        let receipt = try await access.require(.read, id: try context.pathID("id"), userID: caller.userID)
        return try APIResponse.success(
            ReceiptImage(
                receiptId: receipt.id.lowercased, imageUrl: receipt.imageURL, thumbnailUrl: receipt.thumbnailURL))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .receiptsWrite)
        let receipt = try await access.require(.write, id: try context.pathID("id"), userID: caller.userID)
        let changes = try ReceiptChangesInput.parse(try await RequestBody.jsonObject(request, context: context))
        guard let updated = try await receipts.update(id: receipt.id, changes) else {
            throw APIError.notFound("Receipt")
        }
        return try APIResponse.success(updated)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .receiptsDelete)
        let receipt = try await access.require(.delete, id: try context.pathID("id"), userID: caller.userID)
        guard try await receipts.delete(id: receipt.id) else { throw APIError.notFound("Receipt") }
        return try APIResponse.success(
            ReceiptDeleted(message: "Receipt deleted successfully", receiptId: receipt.id.lowercased))
    }
}

/// A receipt with its `line_items` and `processing_logs`.
struct ReceiptDetail: Encodable {
    let receipt: Receipt
    let lineItems: [LineItem]
    let processingLogs: [ProcessingLog]

    enum CodingKeys: String, CodingKey {
        case lineItems = "line_items", processingLogs = "processing_logs"
    }

    func encode(to encoder: any Encoder) throws {
        try receipt.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lineItems, forKey: .lineItems)
        try container.encode(processingLogs, forKey: .processingLogs)
    }
}

struct ReceiptImage: Encodable {
    let receiptId: String
    let imageUrl: String?
    let thumbnailUrl: String?

    enum CodingKeys: CodingKey { case receiptId, imageUrl, thumbnailUrl }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(receiptId, forKey: .receiptId)
        try container.encode(imageUrl, forKey: .imageUrl)
        try container.encode(thumbnailUrl, forKey: .thumbnailUrl)
    }
}

struct ReceiptDeleted: Encodable {
    let message: String
    let receiptId: String
}
