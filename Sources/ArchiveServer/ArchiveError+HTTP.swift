public import ArchiveCore
public import Hummingbird
import Logging

/// Archive errors become JSON error responses: `{"error": {"code": ..., "message": ...}}` with a fitting status.
extension ArchiveError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        // A full disk is the server's state, not damage: 507, as a request too large for the free space gets.
        if isStorageFull, [.bundleIO, .catalog, .writeFailed].contains(code) {
            return .init(code: 507, reasonPhrase: "Insufficient Storage")
        }
        return switch code {
        case .unknownDocument, .unknownVersion, .unknownToken, .beforeFirstCapture, .nothingSelected: .notFound
        case .unknownFormat: .unsupportedMediaType
        case .invalidDate, .invalidArgument, .emptyInput, .undecodableInput, .invalidBag: .badRequest
        case .captureConflict: .conflict
        case .gone: .gone
        case .inputTooLarge: .contentTooLarge
        default: .internalServerError
        }
    }

    /// A 4xx answer says what was wrong; a 5xx answer names only the kind of failure, since its message may name
    /// files on the server: the message goes to the service's log instead.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        guard status.code >= 500 else {
            let name = field?.parameter
            return JSONBody.error(
                status: status,
                code: code.rawValue,
                // A message that names its parameter already (`id: '.' cannot be …`) is not named twice.
                message: name.map { message.hasPrefix("\($0): ") ? message : "\($0): \(message)" } ?? message
            )
        }
        context.logger.error(
            "request failed",
            metadata: [
                "method": "\(request.method)", "path": "\(request.uri.path)", "code": "\(code.rawValue)",
                "error": "\(message)\(underlying.map { " (\($0))" } ?? "")",
            ]
        )
        return JSONBody.error(
            status: status,
            code: code.rawValue,
            message: status.code == 507
                ? "The archive's disk is full, so this request was not completed (what it stored before stays); send "
                    + "it again once there is space."
                : "The archive could not complete this request (\(code.rawValue)); the service's log has the details."
        )
    }
}

extension ArchiveError.Field {
    /// The query parameter, header or order field of the service that sets this field.
    var parameter: String? {
        switch self {
        case .documentID: "id"
        case .sourceURL: "url"
        case .capturedAt: "captured_at"
        case .format, .mediaType: "Content-Type"
        case .documents: "documents"
        case .package: "package"
        case .serialization: "serialization"
        case .renderings: "render"
        case .since: "since"
        case .until: "until"
        case .from: "from"
        case .to: "to"
        case .at: "at"
        case .query: "q"
        case .limit: "limit"
        case .offset: "offset"
        default: nil
        }
    }
}
