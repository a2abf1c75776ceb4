import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request the HTTP parser refused (a request line or headers over 80 KB, a malformed request line) with
/// the API's error envelope and closes the connection. Without it the server wrote a bare 400 with no body. It sits
/// after the HTTP decoder; requests that parse pass through untouched.
///
/// Only when no response is owed on the connection: a parse error in the middle of a request whose handler is
/// running (a truncated body) is left to that handler, which records it as a client abort.
final class MalformedRequestResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Requests read whose response has not ended yet.
    private var responsesOwed = 0
    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { responsesOwed += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { responsesOwed -= 1 }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, responsesOwed == 0, !answered else {
            context.fireErrorCaught(error)
            return
        }
        answered = true
        let (failureHead, body) = APIResponse.failureParts(Self.apiError(for: parserError))
        var head = failureHead
        head.headerFields[.connection] = "close"
        head.headerFields[.contentLength] = "\(body.readableBytes)"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }

    static func apiError(for error: HTTPParserError) -> APIError {
        switch error {
        case .headerOverflow:
            APIError(
                status: .badRequest, code: .validationError,
                message: "The request line and headers may not exceed 80 KB together")
        default:
            APIError(status: .badRequest, code: .validationError, message: "Malformed HTTP request")
        }
    }
}
