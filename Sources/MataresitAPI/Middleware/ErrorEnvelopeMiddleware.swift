import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MataresitStore
import NIOCore
import NIOHTTP1

/// Turns every error into the API's error envelope; nothing below it can leak a stack trace or a driver
/// message to a client. Unknown routes become 404, known paths with another method 405 with `Allow`.
struct ErrorEnvelopeMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let catalog: RouteCatalog

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = failure(error, request: request, context: context)
        }
        addRateLimitHeaders(to: &response, trace: context.trace.snapshot)
        return response
    }

    /// The envelope of a request's error (recorded in its trace; 5xx causes logged).
    func failure(_ error: any Error, request: Request, context: Context) -> Response {
        let apiError = translate(error, request: request)
        context.trace.record(errorCode: apiError.code.rawValue)
        if apiError.status.code >= 500 {
            // Store errors carry only SQLSTATE and server text: safe for our logs, never for clients.
            let cause = error is APIError ? apiError.message : "\(StoreError.wrap(error))"
            ErrorRecord(endpoint: context.endpointPath ?? "unmatched", code: apiError.code.rawValue, error: cause)
                .log(to: context.logger)
        }
        return APIResponse.failure(apiError)
    }

    /// The caller's tightest window, on every response of a rate-limited request (errors included).
    func addRateLimitHeaders(to response: inout Response, trace: RequestTrace.State) {
        guard let status = trace.rateLimitStatus, let tier = trace.tier else { return }
        response.headers[.rateLimitLimit] = "\(status.limit)"
        response.headers[.rateLimitRemaining] = "\(status.remaining)"
        response.headers[.rateLimitReset] = "\(status.resetAt)"
        response.headers[.rateLimitTier] = tier.rawValue
    }

    private func translate(_ error: any Error, request: Request) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as HTTPError:
            return translate(error, request: request)
        case is NIOTooManyBytesError:
            return .bodyTooLarge
        case let error as HTTPParserError where error == .invalidEOFState:
            return .clientClosedRequest
        case is DecodingError:
            return APIError(status: .badRequest, code: .invalidRequestBody, message: "Request body is not valid JSON")
        default:
            return APIError(
                status: .internalServerError, code: .internalServerError, message: "Internal server error")
        }
    }

    private func translate(_ error: HTTPError, request: Request) -> APIError {
        switch error.status {
        case .notFound:
            let allowed = catalog.allowedMethods(for: request.uri.path)
            guard !allowed.isEmpty else {
                return APIError(status: .notFound, code: .resourceNotFound, message: "Route not found")
            }
            return APIError(
                status: .methodNotAllowed, code: .methodNotAllowed,
                message: "Method \(request.method.rawValue) not allowed",
                headers: [.allow: allowed.map(\.rawValue).joined(separator: ", ")])
        case .contentTooLarge:
            return .bodyTooLarge
        case .unsupportedMediaType:
            return APIError(
                status: .unsupportedMediaType, code: .unsupportedMediaType, message: "Unsupported media type")
        case .badRequest:
            return APIError(status: .badRequest, code: .invalidRequestBody, message: "Malformed request")
        default:
            return APIError(
                status: error.status, code: error.status.code >= 500 ? .internalServerError : .invalidRequestBody,
                message: error.status.reasonPhrase)
        }
    }
}
