import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `POST /receipts/batch` (1 to 50 receipts, each validated and stored on its own) and `POST /receipts/quick`.
extension ReceiptsController {
    static let maximumBatch = 50
    static let storeFailure = APIError(
        status: .internalServerError, code: .databaseError, message: "This receipt could not be stored")

    @Sendable func batch(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .receiptsWrite)
        let body = try await RequestBody.jsonObject(request, context: context)
        guard case .array(let items)? = body["receipts"], (1...Self.maximumBatch).contains(items.count) else {
            throw APIError.validation([("receipts", "receipts must be an array of 1 to \(Self.maximumBatch) receipts")])
        }
        try ReceiptQuotas.requireBatch(of: items.count, tier: caller.key.tier)
        try ReceiptQuotas.requireRoom(
            for: items.count, used: try await receipts.createdThisMonth(userID: caller.userID), tier: caller.key.tier)
        var result = BatchResult()
        for (index, item) in items.enumerated() {
            do {
                guard case .object(let object) = item else {
                    throw APIError.validation([("receipts[\(index)]", "each receipt must be an object")])
                }
                result.created.append(try await insert(try ReceiptInput.parse(object), caller: caller))
            } catch let error as APIError {
                result.errors.append(BatchError(index: index, error: error))
            } catch {
                context.logger.error("batch receipt failed", metadata: ["index": "\(index)", "error": "\(error)"])
                result.errors.append(BatchError(index: index, error: Self.storeFailure))
            }
        }
        return try APIResponse.success(result, status: .created)
    }

    @Sendable func quick(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .receiptsWrite)
        let body = try await RequestBody.jsonObject(request, context: context)
        let input = try ReceiptInput.parse(body, defaults: .quick)
        return try APIResponse.success(try await insert(input, caller: caller), status: .created)
    }
}

/// `{created, errors:[{index, error, code, validationErrors?}], summary:{total, successful, failed}}`.
struct BatchResult: Encodable {
    var created: [Receipt] = []
    var errors: [BatchError] = []

    struct Summary: Encodable {
        let total: Int
        let successful: Int
        let failed: Int
    }

    enum CodingKeys: CodingKey { case created, errors, summary }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(created, forKey: .created)
        try container.encode(errors, forKey: .errors)
        try container.encode(
            Summary(total: created.count + errors.count, successful: created.count, failed: errors.count),
            forKey: .summary)
    }
}

/// Why one receipt of a batch was refused.
struct BatchError: Encodable {
    let index: Int
    let error: String
    let code: String
    let validationErrors: JSONValue?

    init(index: Int, error: APIError) {
        self.index = index
        self.error = error.message
        self.code = error.code.rawValue
        self.validationErrors = error.details?["validationErrors"]
    }
}
