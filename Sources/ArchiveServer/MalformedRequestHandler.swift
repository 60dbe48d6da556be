import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Says in JSON what is wrong with a request the HTTP parser cannot read, as every other refusal of the service
/// does. The HTTP layer answers such a request `400` with an empty body and closes the connection; this handler
/// remembers the parser's error and gives that answer its status (431 for a request head over the service's limit,
/// RFC 6585 section 5; 501 for a method the parser does not know) and a message naming the fault.
final class MalformedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The parser's error, from when it is caught until its answer is written.
    private var failure: HTTPParserError?
    /// The body of the answer being written in place of the empty one.
    private var message: ByteBuffer?
    private let headLimit: Int
    private let serverName: String

    /// - Parameters:
    ///   - headLimit: the most bytes of headers the parser reads, named in the 431 message.
    ///   - serverName: the `Server` header of the answer.
    init(headLimit: Int, serverName: String) {
        self.headLimit = headLimit
        self.serverName = serverName
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError { failure = error }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response)
        where response.status == .badRequest && response.headerFields[.contentLength] == "0" && failure != nil:
            let (status, code, text) = Self.answer(to: failure!, headLimit: headLimit)
            failure = nil
            let body = JSONBody.errorBytes(code: code, message: text)
            message = body
            let head = JSONBody.closingErrorHead(status: status, body: body, serverName: serverName)
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end where message != nil:
            context.write(wrapOutboundOut(.body(message!)), promise: nil)
            message = nil
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }

    /// The status, error code and message for a request the parser refused with `error`.
    static func answer(to error: HTTPParserError, headLimit: Int) -> (HTTPResponse.Status, String, String) {
        let fault: String
        switch error {
        case .headerOverflow:
            return (
                .init(code: 431, reasonPhrase: "Request Header Fields Too Large"),
                "request-header-fields-too-large",
                "The request line and headers are larger than this service reads (\(headLimit / 1024) KB); "
                    + "send fewer or shorter headers."
            )
        case .unexpectedContentLength, .invalidContentLength:
            // The parser gives either for two Content-Length headers, one beside Transfer-Encoding, or one that is no
            // number (RFC 9112 section 6.3).
            fault =
                "its Content-Length is not one number of bytes, comes twice, or comes with Transfer-Encoding; send "
                + "a single decimal Content-Length, or Transfer-Encoding: chunked alone"
        case .invalidChunkSize:
            fault = "a chunk of its chunked body does not start with a hexadecimal size; frame the body again"
        case .invalidHeaderToken:
            fault = "a header name or value holds a character HTTP does not allow there; remove it or percent-encode it"
        case .invalidURL:
            fault = "its request target is not a valid path; percent-encode spaces and other characters"
        case .invalidMethod:
            // The parser knows a fixed list of methods: any other name (FOO, or get in lower case, a method of its
            // own) is one the service does not implement (RFC 9110 section 15.6.2), as PROPFIND is.
            return (
                .notImplemented,
                "not-implemented",
                "The request's method is not one this service implements; use GET, HEAD or POST (method names are "
                    + "case-sensitive)."
            )
        case .invalidVersion:
            fault = "its request line does not end in HTTP/1.0 or HTTP/1.1"
        case .lfExpected, .invalidConstant:
            fault = "a line of its head does not end in CRLF; end each header line with CRLF"
        default:
            // The parser does not say more (Transfer-Encoding beside Content-Length is one of these).
            fault =
                "its head or framing cannot be read; check the request line and headers, and send a body with "
                + "either Content-Length or Transfer-Encoding: chunked, not both"
        }
        return (.badRequest, "bad-request", "The request is not valid HTTP/1.1: \(fault).")
    }
}
