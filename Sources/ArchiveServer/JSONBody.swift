import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird

/// JSON responses with ISO 8601 UTC dates and sorted keys, as the CLI prints them.
enum JSONBody {
    static func response(
        _ value: some Encodable,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: try bytes(value)))
    }

    /// `value` in JSON as ``response(_:status:headers:)`` sends it.
    static func bytes(_ value: some Encodable) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = ArchiveDate.encodingStrategy()
        return ByteBuffer(data: try encoder.encode(value))
    }

    static func error(status: HTTPResponse.Status, code: String, message: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: errorBytes(code: code, message: message))
        )
    }

    /// The body of every refusal: `{"error":{"code":…,"message":…}}`.
    static func errorBytes(code: String, message: String) -> ByteBuffer {
        let body = ["error": ["code": code, "message": message]]
        let data =
            (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return ByteBuffer(data: data)
    }

    /// The head of a refusal that a channel handler writes itself, below the router and its middleware: the JSON
    /// media type and the body's length, `Connection: close` (the connection cannot be read on), and the `Date` and
    /// `Server` every answer of the service carries.
    static func closingErrorHead(status: HTTPResponse.Status, body: ByteBuffer, serverName: String) -> HTTPResponse {
        var head = HTTPResponse(status: status)
        head.headerFields[.contentType] = "application/json"
        head.headerFields[.contentLength] = String(body.readableBytes)
        head.headerFields[.connection] = "close"
        head.headerFields[.date] = MementoLinks.httpDate(Date())
        head.headerFields[.server] = serverName
        return head
    }
}

extension ByteBuffer {
    init(data: Data) {
        self.init(bytes: data)
    }
}
