import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client has stopped reading its answers. The idle timeout does not run while an answer
/// is being sent, so a client that sends requests and never reads the answers (or reads a few bytes a minute) would
/// hold the connection, and the worker writing to it, for ever.
///
/// An answer's body is written in parts of at most ``part`` bytes, and a part counts as read once it has all left
/// for the client. While any part waits to be sent, one must leave within `limit` of the last one (or of the
/// first part written, after a pause): a client must take at least ``part`` bytes each `limit`, or the connection
/// is closed. A slow reader that keeps taking bytes is never cut off, however long its answer.
final class StalledReadHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The most bytes of a body written as one part.
    static let part = 64 * 1024

    private let limit: TimeAmount
    /// Parts written and not yet sent.
    private var waiting = 0
    /// When a part last left, or when parts began to wait after none did (the event loop's clock).
    private var progress = NIODeadline.uptimeNanoseconds(0)
    private var check: Scheduled<Void>?

    init(limit: TimeAmount) {
        self.limit = limit
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .body(var buffer) = unwrapOutboundIn(data), buffer.readableBytes > Self.part else {
            send(context, data, promise: promise)
            return
        }
        while buffer.readableBytes > Self.part, let slice = buffer.readSlice(length: Self.part) {
            send(context, wrapOutboundOut(.body(slice)), promise: nil)
        }
        send(context, wrapOutboundOut(.body(buffer)), promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
    }

    private func send(_ context: ChannelHandlerContext, _ data: NIOAny, promise: EventLoopPromise<Void>?) {
        if waiting == 0 {
            progress = context.eventLoop.now
            schedule(context, at: progress + limit)
        }
        waiting += 1
        let sent = context.eventLoop.makePromise(of: Void.self)
        sent.futureResult.assumeIsolated().whenComplete { [self] _ in
            waiting -= 1
            progress = context.eventLoop.now
        }
        sent.futureResult.cascade(to: promise)
        context.write(data, promise: sent)
    }

    private func schedule(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        guard check == nil else { return }
        check = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            check = nil
            guard waiting > 0 else { return }
            if context.eventLoop.now - progress >= limit {
                context.close(promise: nil)
            } else {
                schedule(context, at: progress + limit)
            }
        }
    }
}
