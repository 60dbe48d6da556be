import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@Suite struct ConcurrencyTests {
    /// 50 clients at once: 25 send new content of one document, 25 send 5 other documents, some of them the same
    /// content twice. Every capture ends up as a version or an unchanged capture; none is lost.
    @Test func fiftyConcurrentIngestsLoseNothing() async throws {
        try await TestServer.run { server in
            let statuses = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for number in 0..<50 {
                    group.addTask {
                        let (id, text) =
                            number < 25
                            ? ("shared", "Shared page\n\nRevision \(number).")
                            : ("doc/\(number % 5)", "Page \(number % 5)\n\nText \(number % 10).")
                        let response = try await server.http(
                            "POST",
                            "/documents?id=\(id)",
                            headers: ["Content-Type: text/plain", server.writer],
                            body: Data(text.utf8)
                        )
                        return (number, response.status)
                    }
                }
                return try await group.reduce(into: [Int: Int]()) { $0[$1.0] = $1.1 }
            }
            #expect(statuses.count == 50)
            #expect(statuses.values.allSatisfy { $0 == 201 || $0 == 200 }, "\(statuses)")
            let catalog = server.archive.catalog
            let shared = try catalog.versions(of: "shared")
            #expect(shared.count == 25)
            #expect(Set(shared.map(\.sha256)).count == 25)
            var versions = 0
            var observations = 0
            for other in 0..<5 {
                versions += try catalog.versions(of: "doc/\(other)").count
                observations += try catalog.observations(of: "doc/\(other)").count
            }
            #expect(versions + observations == 25)
            #expect(statuses.values.filter { $0 == 201 }.count == 25 + versions)
            #expect(statuses.values.filter { $0 == 200 }.count == observations)
            let report = try server.archive.verify()
            let stored = try catalog.allVersions().count
            #expect(report.isClean && report.checkedVersions == stored && stored == 25 + versions)
        }
    }

    /// A writer holding the archive's write lock does not block readers.
    @Test func readersAreNotBlockedByAWriter() async throws {
        try await TestServer.run { server in
            try server.seed("a", "Note\n\nText.", at: "2024-01-01")
            let lock = server.archive.root.appending(path: ".write-lock")
            let descriptor = open(lock.path, O_RDWR | O_CREAT, 0o644)
            #expect(flock(descriptor, LOCK_EX) == 0)
            let pending = Task {
                try await server.http(
                    "POST",
                    "/documents?id=b",
                    headers: ["Content-Type: text/plain", server.writer],
                    body: Data("New\n\nText.".utf8)
                )
            }
            let started = ContinuousClock.now
            for _ in 0..<5 {
                let read = try await server.http("GET", "/documents/a")
                #expect(read.status == 200 && read.body == "Note\n\nText.")
            }
            #expect(try await server.http("GET", "/documents").body.contains("\"id\":\"a\""))
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(try server.archive.catalog.document(id: "b") == nil, "the writer waits for the lock")
            flock(descriptor, LOCK_UN)
            close(descriptor)
            #expect(try await pending.value.status == 201)
        }
    }
}
