import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing

@testable import ArchiveServer

/// An upload's body is spooled to a file that has no name in the temporary folder: a server stopped in the middle of
/// an upload, even killed, leaves nothing behind there.
@Suite struct UploadSpoolTests {
    @Test func anUploadUnderWayHasNoFileInTheTemporaryFolder() async throws {
        try await LiveServer.run(configuration: ServiceConfiguration(host: "127.0.0.1", port: 0)) { server, client in
            let port = try #require(client.port)
            let before = Self.spoolFiles()
            let openBefore = Self.namelessTemporaryFiles()
            let chunk = String(repeating: "Spooled words. ", count: 4000)
            let size = String(chunk.utf8.count, radix: 16)
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            let answer = try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(
                    ByteBuffer(
                        string: "POST /documents?id=spooled HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                            + "Authorization: Bearer \(server.writeSecret)\r\nTransfer-Encoding: chunked\r\n"
                            + "Connection: close\r\n\r\n\(size)\r\n\(chunk)\r\n"
                    )
                )
                // Half the body has come and the rest has not: the server is spooling. A name seen in two looks
                // 50 ms apart is a file kept (another test's upload would pass in microseconds).
                var seen: Set<String> = []
                var kept: Set<String> = []
                var spooling = false
                for _ in 0..<12 {
                    try await Task.sleep(for: .milliseconds(50))
                    let now = Self.spoolFiles().subtracting(before)
                    kept.formUnion(now.intersection(seen))
                    seen = now
                    // The server (this process) holds the spool file open, without a name.
                    spooling = spooling || !Self.namelessTemporaryFiles().subtracting(openBefore).isEmpty
                }
                #expect(kept.isEmpty, "spool files with a name while an upload is under way: \(kept)")
                #if os(Linux)
                #expect(spooling, "no temporary file was open while the body came")
                #endif
                try await outbound.write(ByteBuffer(string: "\(size)\r\n\(chunk)\r\n0\r\n\r\n"))
                var answer = ""
                for try await buffer in inbound { answer += String(buffer: buffer) }
                return answer
            }
            #expect(answer.hasPrefix("HTTP/1.1 201 "), "\(answer.prefix(300))")
            // The whole body was read back from the nameless file.
            let stored = try await client.execute(uri: "/documents/spooled", method: .get)
            #expect(stored.status == .ok)
            #expect(String(buffer: stored.body) == chunk + chunk)
        }
    }

    /// This process's open files in the temporary folder that have no name there: descriptor and target.
    static func namelessTemporaryFiles() -> Set<String> {
        let folder = FileManager.default.temporaryDirectory.path
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return Set(
            descriptors.compactMap { descriptor -> String? in
                guard
                    let target = try? FileManager.default.destinationOfSymbolicLink(
                        atPath: "/proc/self/fd/\(descriptor)"
                    ),
                    target.hasPrefix(folder), target.hasSuffix(" (deleted)")
                else { return nil }
                return "\(descriptor) \(target)"
            }
        )
    }

    static func spoolFiles() -> Set<String> {
        let folder = FileManager.default.temporaryDirectory.path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return Set(names.filter { $0.hasPrefix("mura-upload-") })
    }
}
