import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import ArchiveServer

/// A client or cache that holds a memento asks with its tag and is told 304, not sent it again (RFC 9110 section 13).
@Suite struct ConditionalRequestTests {
    @Test func aMementoTheClientHoldsIsNotSentAgain() async throws {
        try await LiveServer.run { _, client in
            let first = try await client.execute(uri: "/documents/a/b", method: .get)
            let tag = try #require(first.headers[.eTag])
            for condition in [tag, "W/\(tag)", "\"other\", \(tag)", "*"] {
                let again = try await client.execute(
                    uri: "/documents/a/b",
                    method: .get,
                    headers: [.ifNoneMatch: condition]
                )
                #expect(again.status == .notModified, "If-None-Match: \(condition)")
                #expect(again.body.readableBytes == 0 && again.headers[.eTag] == tag)
                #expect(again.headers[.mementoDatetime] == first.headers[.mementoDatetime])
            }
            let head = try await client.execute(uri: "/documents/a/b", method: .head, headers: [.ifNoneMatch: tag])
            #expect(head.status == .notModified)
            let changed = try await client.execute(
                uri: "/documents/a/b",
                method: .get,
                headers: [.ifNoneMatch: "\"x\""]
            )
            #expect(changed.status == .ok && changed.text == first.text)
        }
    }

    @Test func aRenderingHasItsOwnTag() async throws {
        try await LiveServer.run { _, client in
            let original = try await client.execute(uri: "/documents/a/b", method: .get)
            let html = try await client.execute(uri: "/documents/a/b?format=html", method: .get)
            let tag = try #require(html.headers[.eTag])
            #expect(tag != original.headers[.eTag])
            let cached = try await client.execute(
                uri: "/documents/a/b?format=html",
                method: .get,
                headers: [.ifNoneMatch: tag]
            )
            #expect(cached.status == .notModified)
            // The original's tag says nothing of the rendering.
            let other = try await client.execute(
                uri: "/documents/a/b?format=html",
                method: .get,
                headers: [.ifNoneMatch: try #require(original.headers[.eTag])]
            )
            #expect(other.status == .ok && other.text == html.text)
        }
    }

    /// A TimeMap's tag is its own bytes': a new version (a new memento in it) gives a new tag.
    @Test func aTimeMapTheClientHoldsIsNotSentAgainUntilItChanges() async throws {
        try await LiveServer.run { server, client in
            for path in ["/timemap/a/b", "/timemap/a/b?format=json"] {
                let first = try await client.execute(uri: path, method: .get)
                let tag = try #require(first.headers[.eTag], "\(path)")
                let cached = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: tag])
                #expect(cached.status == .notModified && cached.body.readableBytes == 0, "\(path)")
                #expect(cached.headers[.eTag] == tag)
            }
            let link = try await client.execute(uri: "/timemap/a/b", method: .get)
            let json = try await client.execute(uri: "/timemap/a/b?format=json", method: .get)
            #expect(link.headers[.eTag] != json.headers[.eTag])
            try await server.seed("a/b", "Title\n\nA new text.", at: "2024-06-01", url: "https://example.org/a")
            let changed = try await client.execute(
                uri: "/timemap/a/b",
                method: .get,
                headers: [.ifNoneMatch: try #require(link.headers[.eTag])]
            )
            #expect(changed.status == .ok && changed.text != link.text)
            #expect(changed.headers[.eTag] != link.headers[.eTag])
        }
    }

    @Test func ifMatchThatNamesNoTagIs412() async throws {
        try await LiveServer.run { _, client in
            let first = try await client.execute(uri: "/documents/a/b", method: .get)
            let tag = try #require(first.headers[.eTag])
            let wrong = try await client.execute(uri: "/documents/a/b", method: .get, headers: [.ifMatch: "\"stale\""])
            #expect(
                wrong.status == .preconditionFailed && wrong.text.contains(tag.dropFirst().dropLast()),
                "\(wrong.text)"
            )
            // A weak tag never matches If-Match.
            let weak = try await client.execute(uri: "/documents/a/b", method: .get, headers: [.ifMatch: "W/\(tag)"])
            #expect(weak.status == .preconditionFailed)
            for condition in [tag, "*"] {
                let right = try await client.execute(
                    uri: "/documents/a/b",
                    method: .get,
                    headers: [.ifMatch: condition]
                )
                #expect(right.status == .ok && right.text == first.text)
            }
        }
    }

    @Test func entityTagListsAreReadWithTheirCommasAndWeakTags() {
        #expect(ConditionalRequest.tags(#""a", W/"b,c" ,"d""#) == [#""a""#, #"W/"b,c""#, #""d""#])
        #expect(ConditionalRequest.tags("*") == ["*"])
        #expect(ConditionalRequest.tags(#"unquoted, "open"#).isEmpty)
    }
}
