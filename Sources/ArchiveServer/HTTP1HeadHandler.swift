import Foundation
import NIOCore
import NIOHTTP1

/// Reads what only an HTTP/1 request head says, before its parts are converted into request types that keep neither
/// the version nor the request target's own authority (``ContinueAndCloseHandler`` puts it there):
///
/// - an HTTP/1.0 request that does not ask to keep its connection (`Connection: keep-alive`) is marked
///   `Connection: close`, which HTTP/1.0 means without saying (RFC 9112 section 9.3); without the mark the
///   connection would be kept open after the answer until the idle timeout;
/// - a request target in absolute form (`GET http://archive.example.org/documents HTTP/1.1`) names the host, which
///   a server must take over the `Host` header (RFC 9112 section 3.2.2): the addresses the answer writes use it;
/// - an HTTP/1.1 request without a `Host` header, which a server must answer 400 (RFC 9112 section 3.2), is marked
///   with ``missingHost`` for ``RequestFramingMiddleware`` to refuse; HTTP/1.0 needs no `Host`;
/// - `Expect: 100-continue` in an HTTP/1.0 request is ignored, as a server must (RFC 9110 section 10.1.1): an
///   HTTP/1.0 client knows no `100 (Continue)`, and sends its body without waiting for one.
final class HTTP1HeadHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    /// The field that marks an HTTP/1.1 request sent without `Host`. A client's own field of this name is dropped.
    static let missingHost = "Mura-Missing-Host"

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        head.headers.remove(name: Self.missingHost)
        if head.version.major == 1, head.version.minor >= 1, !head.headers.contains(name: "Host") {
            head.headers.add(name: Self.missingHost, value: "1")
        }
        if head.version.major == 1, head.version.minor == 0 {
            if !head.isKeepAlive { head.headers.replaceOrAdd(name: "Connection", value: "close") }
            let expectations = head.headers["Expect"].flatMap { $0.split(separator: ",") }
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let others = expectations.filter { $0.lowercased() != "100-continue" }
            if others.count < expectations.count {
                head.headers.remove(name: "Expect")
                if !others.isEmpty { head.headers.add(name: "Expect", value: others.joined(separator: ", ")) }
            }
        }
        if let authority = Self.authority(ofAbsoluteTarget: head.uri) {
            head.headers.replaceOrAdd(name: "Host", value: authority)
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// The authority of an `http` or `https` request target in absolute form, or `nil` for any other target.
    static func authority(ofAbsoluteTarget target: String) -> String? {
        let lowered = target.prefix(8).lowercased()
        let schemeLength = lowered.hasPrefix("http://") ? 7 : lowered.hasPrefix("https://") ? 8 : 0
        guard schemeLength > 0 else { return nil }
        let rest = target.dropFirst(schemeLength)
        let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<end]
        // Credentials before the host are no part of it.
        return String(authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority)
    }
}
