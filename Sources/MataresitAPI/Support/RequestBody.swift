import Foundation
import Hummingbird

/// Reads a JSON object body within the size limit; anything else is a 400 with the error envelope.
enum RequestBody {
    static func jsonObject(_ request: Request, context: AppRequestContext) async throws -> [String: JSONValue] {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        context.trace.record(requestBytes: buffer.readableBytes)
        guard buffer.readableBytes > 0 else {
            throw APIError(status: .badRequest, code: .invalidRequestBody, message: "Request body is empty")
        }
        guard String(validating: buffer.readableBytesView, as: UTF8.self) != nil else {
            throw APIError(status: .badRequest, code: .invalidRequestBody, message: "Request body is not valid UTF-8")
        }
        guard !JSONNesting.exceeds(JSONNesting.limit, in: buffer.readableBytesView) else {
            throw APIError(
                status: .badRequest, code: .invalidRequestBody,
                message: "Request body nests deeper than \(JSONNesting.limit) levels")
        }
        guard
            case .object(let object)? = try? JSONCoding.decoder.decode(
                JSONValue.self, from: Data(buffer.readableBytesView))
        else {
            throw APIError(
                status: .badRequest, code: .invalidRequestBody, message: "Request body must be a JSON object")
        }
        if let field = JSONValue.object(object).pathToNUL() {
            throw APIError.validation([(field, "\(field) must not contain U+0000 (NUL)")])
        }
        return object
    }

    /// Like `jsonObject`, but an empty body is an empty object (for optional bodies).
    static func optionalJSONObject(_ request: Request, context: AppRequestContext) async throws -> [String: JSONValue] {
        var copy = request
        let buffer = try await copy.collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return [:] }
        return try await jsonObject(copy, context: context)
    }
}
