import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// What the HTTP layer does for a request before the service sees it, where the router cannot: it answers
/// `Expect: 100-continue`, and it closes the connection after an answer that says so or that follows a `CONNECT`.
///
/// - `Expect: 100-continue`: the client waits for a `100 (Continue)` before it sends the body (curl waits a second
///   for each upload). It is sent as soon as the request head has arrived (RFC 9110 section 10.1.1), and the
///   expectation is taken off the request; the final answer comes from the service as ever. Any other expectation
///   reaches the service, which answers 417.
/// - `CONNECT`: after its head, the HTTP parser no longer reads the connection as HTTP (it would be a tunnel), and
///   the request never ends. The service answers it (501: it is no proxy) with `Connection: close`.
/// - An answer with `Connection: close` (a CONNECT's, or a 400 for a body whose end cannot be told) is the last on
///   its connection: it is closed once the answer is sent, instead of being read further or left hanging.
final class ContinueAndCloseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Set from the head of a CONNECT request until its answer has been sent.
    private var answeringConnect = false
    /// Set from the head of an answer that closes the connection until its end has been sent.
    private var closeAfterResponse = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var request) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        if request.method == .connect { answeringConnect = true }
        let expectations = request.headerFields[values: .expect]
        if !expectations.isEmpty,
            expectations.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).lowercased() == "100-continue" })
        {
            request.headerFields[.expect] = nil
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
        }
        context.fireChannelRead(wrapInboundOut(.head(request)))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response) where response.status.kind != .informational:
            if answeringConnect {
                answeringConnect = false
                response.headerFields[.connection] = "close"
            }
            closeAfterResponse = response.headerFields[values: .connection].contains { $0.lowercased() == "close" }
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .end where closeAfterResponse:
            closeAfterResponse = false
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
        default:
            context.write(data, promise: promise)
        }
    }
}
