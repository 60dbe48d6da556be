public import ArchiveCore
public import Hummingbird

/// Archive errors become JSON error responses: `{"error": {"code": ..., "message": ...}}` with a fitting status.
extension ArchiveError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch code {
        case .unknownDocument, .unknownVersion, .beforeFirstCapture: .notFound
        case .unknownFormat: .unsupportedMediaType
        case .invalidDate, .invalidArgument, .emptyInput, .undecodableInput, .captureConflict, .invalidBag: .badRequest
        default: .internalServerError
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONBody.error(status: status, code: code.rawValue, message: message)
    }
}
