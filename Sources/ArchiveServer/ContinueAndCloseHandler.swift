import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// What the HTTP layer does for a request before the service sees it, where the router cannot: it answers
/// `Expect: 100-continue`, and it ends the connection after an answer that has to be the last on it.
///
/// - `Expect: 100-continue`: the client waits for a `100 (Continue)` before it sends the body (curl waits a second
///   for each upload). It is sent as soon as the request head has arrived (RFC 9110 section 10.1.1), and the
///   expectation is taken off the request; the final answer comes from the service as ever. A body longer than any
///   the service takes is not invited: its 413 comes instead; nor is one sent without a bearer token, which every
///   route that takes a body needs: its 401 comes instead. Any other expectation reaches the service, which answers
///   417.
/// - An answer sent before its request's body has all arrived (a 401 or a 413 given from the head alone) is the
///   last on its connection: the rest of the body is not read, however slowly it comes. So is the answer to a
///   `CONNECT` (501), after whose head the parser no longer reads the connection as HTTP.
/// - An answer that says `Connection: close`, or whose request asked for it, closes the connection once it is sent;
///   the answer says so.
final class ContinueAndCloseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The requests read and not yet answered, oldest (the one being answered) first: whether each has all arrived,
    /// and whether it asked for `Connection: close`. A client may send the next request before an answer ends.
    private var requests: [(ended: Bool, asksClose: Bool)] = []
    /// Set from the head of an answer that closes the connection until its end has been sent.
    private var closeAfterResponse = false
    /// Set once a closing answer has been sent: what the client still sends is read and dropped until it closes too,
    /// for at most ``linger``.
    private var lingering = false
    /// How long what a client still sends after a closing answer is read, before the connection is closed whole.
    static let linger = TimeAmount.seconds(2)

    /// The largest request body the service takes, in bytes.
    private let maximumBodySize: Int

    init(maximumBodySize: Int) {
        self.maximumBodySize = maximumBodySize
    }

    /// Puts ``HTTP1HeadHandler`` before the conversion of HTTP/1 parts, where a request's version is still known.
    func handlerAdded(context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        if let codec = try? pipeline.handler(type: HTTP1ToHTTPServerCodec.self) {
            try? pipeline.addHandler(HTTP1HeadHandler(), position: .before(codec))
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !lingering else { return }
        switch unwrapInboundIn(data) {
        case .head(var request):
            // After a CONNECT's head, the parser no longer reads the connection as HTTP.
            requests.append(
                (ended: false, asksClose: Self.saysClose(request.headerFields) || request.method == .connect)
            )
            let expectations = request.headerFields[values: .expect]
            if !expectations.isEmpty,
                expectations.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).lowercased() == "100-continue" })
            {
                request.headerFields[.expect] = nil
                let length = request.headerFields[.contentLength].flatMap { Int($0) } ?? 0
                // Every route that takes a body needs a token: without one, the service's 401 comes instead.
                if length <= maximumBodySize, Self.carriesBearerToken(request.headerFields) {
                    context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
                }
            }
            context.fireChannelRead(wrapInboundOut(.head(request)))
        case .end:
            if !requests.isEmpty { requests[requests.count - 1].ended = true }
            context.fireChannelRead(data)
        case .body:
            context.fireChannelRead(data)
        }
    }

    /// Whether the request carries an `Authorization: Bearer …` header (the scheme in any case), as
    /// ``AccessMiddleware`` reads it; whether the token is known is for the service to say.
    private static func carriesBearerToken(_ fields: HTTPFields) -> Bool {
        fields[values: .authorization].contains { value in
            let parts = value.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer"
                && !parts[1].trimmingCharacters(in: .whitespaces).isEmpty
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response) where response.status.kind != .informational:
            let answered = requests.first
            closeAfterResponse =
                answered.map { !$0.ended || $0.asksClose } == true || Self.saysClose(response.headerFields)
            if closeAfterResponse { response.headerFields[.connection] = "close" }
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .end:
            if !requests.isEmpty { requests.removeFirst() }
            guard closeAfterResponse else {
                context.write(data, promise: promise)
                return
            }
            closeAfterResponse = false
            // Closed once everything before it is sent: answers still queued behind a slow reader are not cut off.
            let sent = context.writeAndFlush(data)
            sent.cascade(to: promise)
            sent.assumeIsolated().whenComplete { [self] _ in lingeringClose(context) }
        default:
            context.write(data, promise: promise)
        }
    }

    /// Ends the connection after a closing answer without losing that answer: a client still sending (the rest of
    /// a body the answer refused) would otherwise be sent a reset, which discards the answer it has not read yet.
    /// The output is closed first, what comes in is dropped, and the connection is closed whole when the client
    /// closes or after ``linger``.
    private func lingeringClose(_ context: ChannelHandlerContext) {
        lingering = true
        let closed = context.eventLoop.makePromise(of: Void.self)
        context.close(mode: .output, promise: closed)
        closed.futureResult.assumeIsolated().whenComplete { result in
            guard case .success = result else {
                context.close(promise: nil)
                return
            }
            context.eventLoop.assumeIsolated().scheduleTask(in: Self.linger) { context.close(promise: nil) }
        }
    }

    private static func saysClose(_ fields: HTTPFields) -> Bool {
        fields.tokens(.connection).contains("close")
    }
}
