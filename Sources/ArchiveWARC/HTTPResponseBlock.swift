public import ArchiveCore
public import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPCompression

/// An HTTP response as the block of a WARC `response` record holds it, read with SwiftNIO's HTTP/1 parser: the
/// status line, the header fields in order, and the body with its transfer coding (chunked) and content coding
/// (gzip, deflate) undone, as a reader of the page receives it.
public struct HTTPResponseBlock: Sendable {
    public var status: Int
    public var reason: String
    /// The header fields as received, without `Content-Encoding` when the body was decoded (and with its decoded
    /// `Content-Length` then), so that they describe the body kept.
    public var headers: [CapturedResponse.Header]
    public var body: Data
    /// The content coding undone (`gzip`, `deflate`), if any.
    public var decodedContentEncoding: String?

    /// Reads `block`; the body, decoded, may be at most `maximumBodyBytes`.
    ///
    /// - Throws: ``WARCFormatError`` saying what is wrong: not an HTTP response, a damaged or cut-short body, a
    ///   body larger than the limit once decoded.
    public static func parse(_ block: Data, maximumBodyBytes: Int) throws -> HTTPResponseBlock {
        let collector = Collector()
        let channel = EmbeddedChannel()
        do {
            try channel.pipeline.syncOperations.addHandlers([
                ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)),
                NIOHTTPResponseDecompressor(limit: .size(maximumBodyBytes)),
                collector,
            ])
            // The decoder pairs each response with a request, to know whether a body may follow (not after HEAD).
            try channel.writeOutbound(
                HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/"))
            )
            try channel.writeInbound(ByteBuffer(bytes: block))
            // The end of the block is the end of the connection: a body without a length ends here.
            _ = try channel.finish(acceptAlreadyClosed: true)
        } catch {
            collector.failure = collector.failure ?? error
        }
        if collector.failure == nil, !collector.ended {
            collector.failure = WARCFormatError("the response ends before its body does")
        }
        guard let head = collector.head else {
            throw WARCFormatError("does not hold an HTTP response (\(describe(collector.failure)))")
        }
        var headers = head.headers.map { CapturedResponse.Header($0.name, $0.value) }
        var body = Data(collector.body.readableBytesView)
        var decoded: String?
        if let failure = collector.failure {
            switch failure {
            case HTTPParserError.invalidChunkSize:
                // Transfer-Encoding: chunked over a body that is not chunked, as some crawlers store it: the
                // bytes after the head are the body.
                body = rawBody(of: block)
            case is NIOHTTPDecompression.DecompressionError, is NIOHTTPDecompression.ExtraDecompressionError:
                throw WARCFormatError(
                    "holds a body that is damaged or larger than \(maximumBodyBytes >> 20) MB once decompressed"
                )
            default:
                throw WARCFormatError("holds an HTTP response that cannot be read (\(describe(failure)))")
            }
        } else if let coding = head.headers["Content-Encoding"].first?.lowercased(),
            ["gzip", "x-gzip", "deflate"].contains(coding)
        {
            decoded = coding
            headers.removeAll { $0.name.lowercased() == "content-encoding" }
            for index in headers.indices where headers[index].name.lowercased() == "content-length" {
                headers[index].value = String(body.count)
            }
        }
        return HTTPResponseBlock(
            status: Int(head.status.code),
            reason: head.status.reasonPhrase,
            headers: headers,
            body: body,
            decodedContentEncoding: decoded
        )
    }

    /// The bytes after the head's empty line.
    private static func rawBody(of block: Data) -> Data {
        let bytes = [UInt8](block)
        for index in bytes.indices where bytes[index] == 0x0A {
            if index + 1 < bytes.count, bytes[index + 1] == 0x0A { return Data(bytes[(index + 2)...]) }
            if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A {
                return Data(bytes[(index + 3)...])
            }
        }
        return Data()
    }

    private static func describe(_ error: (any Error)?) -> String {
        guard let error else { return "no status line" }
        return String(describing: error).prefix(120).description
    }

    /// Gathers what the decoder reads: the head, the body and whether the end came, and the first error.
    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart

        var head: HTTPResponseHead?
        var body = ByteBuffer()
        var ended = false
        var failure: (any Error)?

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            // Only the first response counts; anything after it in the block is not part of the page.
            guard !ended else { return }
            switch unwrapInboundIn(data) {
            case .head(let received): head = received
            case .body(var part): body.writeBuffer(&part)
            case .end: ended = true
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            if failure == nil, !ended { failure = error }
        }
    }
}
