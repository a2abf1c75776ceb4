import Hummingbird
import NIOCore

/// `GET /bench/bare` answered by the server itself, before routing and every middleware: the baseline that
/// `mataresit bench api` compares the real routes with, in the same process and run. Off outside bench mode.
struct BenchBareRouteResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == AppRequestContext {
    typealias Context = AppRequestContext
    static var path: String { "/bench/bare" }

    let inner: Inner
    let enabled: Bool

    func respond(to request: Request, context: Context) async throws -> Response {
        if enabled && request.method == .get && request.uri.path == Self.path {
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "ok")))
        }
        return try await inner.respond(to: request, context: context)
    }
}
