import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A scripted HTTP server on 127.0.0.1 (a free port) for tests of retries and of what goes on the wire: it answers
/// each request with the next reply of its script and records what it got. Past the script it answers 599.
final class StubS3Server: Sendable {
    struct Reply: Sendable {
        var status: Int
        var body: String = ""
        var headers: [(String, String)] = []
        /// Close the connection without answering, as a crashed or overloaded server would.
        var drop = false

        static func ok(_ body: String = "", headers: [(String, String)] = []) -> Reply {
            Reply(status: 200, body: body, headers: headers)
        }

        static func error(_ status: Int, _ code: String, _ message: String = "stub") -> Reply {
            Reply(
                status: status,
                body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code>"
                    + "<Message>\(message)</Message><RequestId>REQ1</RequestId></Error>")
        }

        static let dropped = Reply(status: 0, drop: true)
    }

    struct Recorded: Sendable {
        var method: String
        var uri: String
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    private struct State {
        var replies: [Reply]
        var recorded: [Recorded] = []
    }

    private let state: Mutex<State>
    private let channel: Mutex<Channel?> = Mutex(nil)
    private let boundPort = Mutex(0)

    private init(replies: [Reply]) { state = Mutex(State(replies: replies)) }

    static func start(_ replies: [Reply]) async throws -> StubS3Server {
        let server = StubS3Server(replies: replies)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(StubHandler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        server.boundPort.withLock { $0 = channel.localAddress?.port ?? 0 }
        server.channel.withLock { $0 = channel }
        return server
    }

    var port: Int { boundPort.withLock { $0 } }
    var endpoint: String { "http://127.0.0.1:\(port)" }
    var requests: [Recorded] { state.withLock { $0.recorded } }

    func stop() async throws {
        try await channel.withLock { $0 }?.close()
    }

    fileprivate func handle(_ request: Recorded) -> Reply {
        state.withLock { state in
            state.recorded.append(request)
            return state.replies.isEmpty
                ? Reply(status: 599, body: "stub script exhausted") : state.replies.removeFirst()
        }
    }
}

/// One connection's handler: gathers a request, then writes the server's next reply.
private final class StubHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: StubS3Server
    var head: HTTPRequestHead?
    var body: [UInt8] = []

    init(server: StubS3Server) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let buffer):
            body += buffer.readableBytesView
        case .end:
            guard let head else { return }
            let reply = server.handle(
                StubS3Server.Recorded(
                    method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                    body: body))
            respond(reply, to: head, context: context)
        }
    }

    private func respond(_ reply: StubS3Server.Reply, to request: HTTPRequestHead, context: ChannelHandlerContext) {
        guard !reply.drop else {
            context.close(promise: nil)
            return
        }
        var headers = HTTPHeaders(reply.headers)
        let body = context.channel.allocator.buffer(string: reply.body)
        if request.method != .HEAD || !headers.contains(name: "content-length") {
            headers.replaceOrAdd(name: "content-length", value: String(body.readableBytes))
        }
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if request.method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

extension StubS3Server {
    /// Runs `body` against a server with `replies`, stopping the server afterwards whatever happens.
    static func with<T>(
        _ replies: [Reply], _ body: (StubS3Server) async throws -> T
    ) async throws -> T {
        let server = try await start(replies)
        do {
            let result = try await body(server)
            try await server.stop()
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }
}
