/// The OpenAPI 3.1 description of the service, served at `GET /openapi.yaml`.
enum OpenAPIDocument {
    static let yaml = """
        openapi: 3.1.0
        info:
          title: Mura archive service
          version: 0.1.0
        paths: {}
        """
}
