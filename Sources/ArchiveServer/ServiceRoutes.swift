import ArchiveCore
import HTTPTypes
import Hummingbird

/// `GET /health`, `GET /metrics`, `GET /openapi.yaml`, and the 405 answers for methods a path does not take.
struct ServiceRoutes: Sendable {
    let service: ArchiveService
    let openAPI: OpenAPIDocument

    func register(on router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in try JSONBody.response(["status": "ok"]) }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: service.metrics.render()))
            )
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: openAPI.bytes)
            )
        }
        for endpoint in RouteTable.endpoints {
            let allowed = RouteTable.methods(of: endpoint)
            for method in RouteTable.knownMethods where !allowed.contains(method) {
                router.on(endpoint.path, method: method) { request, _ -> Response in
                    throw ServiceError.methodNotAllowed(request.method, allowed: allowed)
                }
            }
        }
    }
}
