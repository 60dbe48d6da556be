import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ConcurrencyTests {
    /// 50 clients at once: 25 send new content of one document, 25 send 5 other documents, some of them the same
    /// content twice. Every capture ends up as a version or an unchanged capture; none is lost.
    @Test func fiftyConcurrentIngestsLoseNothing() async throws {
        try await LiveServer.run { server, client in
            let port = try #require(client.port)
            let statuses = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for number in 0..<50 {
                    group.addTask {
                        let (id, text) =
                            number < 25
                            ? ("shared", "Shared page\n\nRevision \(number).")
                            : ("doc/\(number % 5)", "Page \(number % 5)\n\nText \(number % 10).")
                        // Each client on a connection of its own, as separate clients would be.
                        let response = try await LiveServer.separately(
                            port: port,
                            "/documents?id=\(id)",
                            method: .post,
                            headers: server.header(.write, contentType: "text/plain"),
                            body: ByteBuffer(string: text)
                        )
                        return (number, response.status.code)
                    }
                }
                return try await group.reduce(into: [Int: Int]()) { $0[$1.0] = $1.1 }
            }
            #expect(statuses.count == 50)
            #expect(statuses.values.allSatisfy { $0 == 201 || $0 == 200 }, "\(statuses)")
            let catalog = server.archive.catalog
            let shared = try await catalog.versions(of: "shared")
            #expect(shared.count == 25)
            #expect(Set(shared.map(\.sha256)).count == 25)
            var versions = 0
            var observations = 0
            for other in 0..<5 {
                versions += try await catalog.versions(of: "doc/\(other)").count
                observations += try await catalog.observations(of: "doc/\(other)").count
            }
            #expect(versions + observations == 25)
            #expect(statuses.values.filter { $0 == 201 }.count == 25 + versions)
            #expect(statuses.values.filter { $0 == 200 }.count == observations)
            let report = try await server.archive.verify()
            let stored = try await catalog.allVersions().count
            // The live server's archive starts with one version, of a/b.
            #expect(report.isClean && report.checkedVersions == stored && stored == 1 + 25 + versions)
        }
    }

    /// A writer holding the archive's write lock does not block readers.
    @Test func readersAreNotBlockedByAWriter() async throws {
        try await LiveServer.run { server, client in
            try await server.seed("a", "Note\n\nText.", at: "2024-01-01")
            let port = try #require(client.port)
            let lock = server.archive.root.appending(path: ".write-lock")
            let descriptor = open(lock.path, O_RDWR | O_CREAT, 0o644)
            #expect(flock(descriptor, LOCK_EX) == 0)
            // The writer on a connection of its own, so the reads do not queue behind it.
            let pending = Task {
                try await LiveServer.separately(
                    port: port,
                    "/documents?id=b",
                    method: .post,
                    headers: server.header(.write, contentType: "text/plain"),
                    body: ByteBuffer(string: "New\n\nText.")
                )
            }
            let started = ContinuousClock.now
            for _ in 0..<5 {
                let read = try await client.execute(uri: "/documents/a", method: .get)
                #expect(read.status == .ok && read.text == "Note\n\nText.")
            }
            #expect(try await client.execute(uri: "/documents", method: .get).text.contains("\"id\":\"a\""))
            // Blocked reads would wait as long as the lock is held, which is until after them; the bound is wide, so
            // that a loaded machine does not fail the test, and only says the reads did not hang on the lock.
            #expect(ContinuousClock.now - started < .seconds(60))
            #expect(try await server.archive.catalog.document(id: "b") == nil, "the writer waits for the lock")
            flock(descriptor, LOCK_UN)
            close(descriptor)
            #expect(try await pending.value.status == .created)
        }
    }
}
