public import ArchiveCore
public import Hummingbird

/// Archive errors become JSON error responses: `{"error": {"code": ..., "message": ...}}` with a fitting status.
extension ArchiveError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch code {
        case .unknownDocument, .unknownVersion, .beforeFirstCapture, .nothingSelected: .notFound
        case .unknownFormat: .unsupportedMediaType
        case .invalidDate, .invalidArgument, .emptyInput, .undecodableInput, .invalidBag: .badRequest
        case .captureConflict: .conflict
        default: .internalServerError
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONBody.error(status: status, code: code.rawValue, message: message)
    }
}
