import NIOCore
import NIOHTTP1

/// Marks an HTTP/1.0 request that does not ask to keep its connection (`Connection: keep-alive`) with
/// `Connection: close`, which HTTP/1.0 means without saying (RFC 9112 section 9.3): the request types that the
/// service reads carry no version, so without the mark the connection would be kept open after the answer until the
/// idle timeout. It sits before the conversion of HTTP/1 parts (``ContinueAndCloseHandler`` puts it there).
final class HTTP10CloseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data), head.version.major == 1, head.version.minor == 0,
            !head.isKeepAlive
        else {
            context.fireChannelRead(data)
            return
        }
        head.headers.replaceOrAdd(name: "Connection", value: "close")
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
