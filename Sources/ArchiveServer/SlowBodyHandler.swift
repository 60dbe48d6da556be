import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Ends a request whose body comes too slowly. The idle timeout closes a connection that sends nothing, but a body
/// sent a byte at a time never falls silent for long: it could hold a connection, and an upload's worker, for ever.
/// After `grace`, the body must have come at `minimumRate` bytes a second on average since the request's head; the
/// check repeats every second. A request that falls behind is answered 408 (when its answer has not begun) and its
/// connection closed.
final class SlowBodyHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let grace: TimeAmount
    private let minimumRate: Int
    /// When the request being read began, while its body is still coming.
    private var started: NIODeadline?
    private var received = 0
    /// Whether the answer to the request being read has begun.
    private var answering = false
    /// Requests read and not yet answered: while an earlier answer is still being sent (the client sent the next
    /// request before it ended), the service does not read the next body, and its clock does not run.
    private var outstanding = 0
    private var check: Scheduled<Void>?

    private let serverName: String

    init(grace: TimeAmount, minimumRate: Int, serverName: String) {
        self.grace = grace
        self.minimumRate = minimumRate
        self.serverName = serverName
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            outstanding += 1
            received = 0
            answering = false
            // Most requests have no body: their end follows the head at once, and no clock is needed.
            let fields = request.headerFields
            if fields[.transferEncoding] != nil || (fields[.contentLength].flatMap { Int($0) } ?? 0) > 0 {
                started = .now()
                schedule(context, after: grace)
            } else {
                started = nil
            }
        case .body(let buffer):
            received += buffer.readableBytes
        case .end:
            stop()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response) where response.status.kind != .informational:
            if outstanding <= 1 { answering = true }
        case .end:
            // An answer counts as sent when its last bytes have left, not when they are queued behind a slow reader:
            // until then the service does not read the next body, and its clock does not run.
            let sent = context.eventLoop.makePromise(of: Void.self)
            sent.futureResult.cascade(to: promise)
            sent.futureResult.assumeIsolated().whenComplete { [self] _ in
                outstanding = max(0, outstanding - 1)
                if started != nil, outstanding == 1 {
                    started = .now()
                    received = 0
                }
            }
            context.write(data, promise: sent)
            return
        default:
            break
        }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) { stop() }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    private func stop() {
        check?.cancel()
        check = nil
        started = nil
    }

    private func schedule(_ context: ChannelHandlerContext, after delay: TimeAmount) {
        check?.cancel()
        check = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            self.check = nil
            guard let started else { return }
            guard outstanding <= 1 else {
                schedule(context, after: grace)
                return
            }
            let elapsed = NIODeadline.now() - started
            let due = Int64(minimumRate) * (elapsed.nanoseconds / 1_000_000_000)
            guard Int64(received) < due else {
                schedule(context, after: .seconds(1))
                return
            }
            stop()
            guard !answering else {
                context.close(promise: nil)
                return
            }
            let body = JSONBody.errorBytes(
                code: "request-timeout",
                message: "The request body came at less than \(minimumRate) bytes a second; send it again, faster, "
                    + "or in smaller parts."
            )
            let head = JSONBody.closingErrorHead(status: .requestTimeout, body: body, serverName: serverName)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            // The answer says `Connection: close`: ``ContinueAndCloseHandler`` closes the connection once it is sent.
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
