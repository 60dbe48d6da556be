import HTTPTypes
import Hummingbird

/// The answer for a representation that carries an `ETag`, after the request's preconditions
/// (``ConditionalRequest``): 200 with `body`, 304 with the fields that guide a cache and no body, or 412.
enum ConditionalResponse {
    /// - Parameter what: names the representation in the 412 message ("this memento", "this TimeMap").
    static func answer(_ request: Request, headers: HTTPFields, body: ByteBuffer, what: String) throws -> Response {
        let tag = headers[.eTag] ?? ""
        switch ConditionalRequest.evaluate(request.head, entityTag: tag) {
        case .proceed:
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
        case .notModified:
            // The fields a 200 would have sent that guide a cache, without the body and its type.
            var fields = headers
            fields[.contentType] = nil
            return Response(status: .notModified, headers: fields)
        case .preconditionFailed:
            throw ServiceError(
                status: .preconditionFailed,
                code: "precondition-failed",
                message: "If-Match names no tag of \(what); its ETag is \(tag)."
            )
        }
    }
}
