import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /api/v1/openapi.json` (and under the historical prefix): the OpenAPI document, without authentication.
enum OpenAPIRoutes {
    static func register(on router: Router<AppRequestContext>, catalog: RouteCatalog) {
        for prefix in VersionedRoutes.prefixes {
            router.get(RouterPath(prefix + "/openapi.json")) { _, _ in
                let document = try OpenAPIDocument.rendered.get()
                return Response(
                    status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: document)))
            }
            catalog.add(.get, prefix + "/openapi.json")
        }
    }
}
