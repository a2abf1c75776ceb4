import HTTPTypes
import Hummingbird
import NIOCore

extension CachedResponse {
    /// Reads a handler's finished response (a JSON envelope already in memory) back into one buffer.
    static func collect(_ response: Response) async throws -> CachedResponse {
        let sink = BufferSink()
        let body = response.body
        try await body.write(CollectingWriter(sink: sink))
        return CachedResponse(status: response.status, body: sink.buffer)
    }
}

/// Where ``CollectingWriter`` puts the bytes (the writer itself is consumed by `ResponseBody.write`).
private final class BufferSink {
    var buffer = ByteBuffer()
}

private struct CollectingWriter: ResponseBodyWriter {
    let sink: BufferSink

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        sink.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
