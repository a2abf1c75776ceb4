import Hummingbird
import MataresitCore

extension ClientAddressPolicy {
    /// The client of `request`: its socket peer, or the client its trusted proxies name.
    func client(of request: Request, context: AppRequestContext) -> String? {
        let headers = request.headers
        return client(
            peer: context.remoteAddress,
            forwarded: Forwarded(
                forwardedFor: headers[.forwardedFor], realIP: headers[.realIP], cloudflareIP: headers[.cloudflareIP]))
    }
}
