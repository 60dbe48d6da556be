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
        let body = ["error": ["code": code, "message": message]]
        let data =
            (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(data: data))
        )
    }
}

extension ByteBuffer {
    init(data: Data) {
        self.init(bytes: data)
    }
}
