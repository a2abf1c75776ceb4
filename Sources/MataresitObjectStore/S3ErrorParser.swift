import Foundation
import NIOCore

/// Reads S3's `<Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error>` bodies.
enum S3ErrorParser {
    static func errorResponse(_ response: S3Response, request: String) -> S3ErrorResponse {
        let node = S3XMLNode.parse(Data(response.body.readableBytesView))
        let error = node?.name == "Error" ? node : nil
        let requestID = error?.value("RequestId") ?? response.headers.first(name: "x-amz-request-id")
        return S3ErrorResponse(
            statusCode: response.status, code: error?.value("Code") ?? fallbackCode(response.status),
            message: error?.value("Message"), requestID: requestID, request: request)
    }

    /// A HEAD answer has no body; these are the codes S3 would have written.
    static func fallbackCode(_ status: Int) -> String? {
        switch status {
        case 403: "AccessDenied"
        case 404: "NotFound"
        case 412: "PreconditionFailed"
        case 503: "ServiceUnavailable"
        default: nil
        }
    }

    /// An `<Error>` that S3 sends with status 200 (CompleteMultipartUpload can), as a 500 so it is retried.
    static func embeddedError(_ response: S3Response, request: String) -> S3ErrorResponse? {
        guard let node = S3XMLNode.parse(Data(response.body.readableBytesView)), node.name == "Error" else {
            return nil
        }
        return S3ErrorResponse(
            statusCode: 500, code: node.value("Code"), message: node.value("Message"),
            requestID: node.value("RequestId"), request: request)
    }
}
