import ArchiveCapture
import ArchiveCore
import Foundation
import Testing

/// Reading what watched sources list, from the seeds the fuzzer starts with and hand-made edge cases.
@Suite struct SourceListingTests {
    static let seeds = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Fuzz/seeds/source")

    static func read(_ file: String, url: String = "https://press.example/newsroom/feed") throws -> SourceListing {
        try SourceListing.read(Data(contentsOf: seeds.appending(path: file)), url: url)
    }

    static func date(_ text: String) throws -> Date { try ArchiveDate.parse(text, field: "test") }

    @Test func rssItemsTheirLinksAndDates() throws {
        let listing = try Self.read("rss.xml")
        #expect(listing.kind == .rss)
        #expect(
            listing.items.map(\.url) == [
                "https://press.example/news/1", "https://press.example/news/2", "https://press.example/newsroom/news/3",
            ]
        )
        #expect(
            try listing.items.map(\.date)
                == [Self.date("2003-06-10T04:00:00Z"), Self.date("2003-06-10T01:00:00Z"), Self.date("2024-05-01")]
        )
    }

    @Test func atomAndJSONFeeds() throws {
        let atom = try Self.read("atom.xml")
        #expect(atom.kind == .atom)
        #expect(atom.items.map(\.url) == ["https://press.example/news/1", "https://press.example/news/2"])
        #expect(try atom.items.map(\.date) == [Self.date("2024-05-01T10:00:00Z"), Self.date("2024-05-01T05:00:00Z")])
        let json = try Self.read("feed.json")
        #expect(json.kind == .jsonFeed)
        #expect(json.items.map(\.url) == ["https://press.example/news/1", "https://press.example/news/2"])
        #expect(try json.items[0].date == Self.date("2024-05-01T10:00:00.500Z"))
    }

    @Test func sitemapsPlainGzippedAndIndexes() throws {
        let plain = try Self.read("sitemap.xml")
        #expect(plain.kind == .sitemap)
        #expect(plain.items.map(\.url) == ["https://press.example/news/1", "https://press.example/news/2"])
        #expect(try plain.items.map(\.date) == [Self.date("2024-05-01"), nil])
        #expect(try Self.read("sitemap.xml.gz") == plain)
        let index = try Self.read("index.xml")
        #expect(index.kind == .sitemapIndex)
        #expect(index.items.map(\.url) == ["https://press.example/sitemap-1.xml.gz"])
    }

    @Test func listingPagesOfferTheirLinksUnderThePrefix() throws {
        let listing = try Self.read("listing.html", url: "https://press.example/newsroom/")
        #expect(listing.kind == .listing)
        #expect(
            listing.items.map(\.url) == [
                "https://press.example/newsroom/releases/1", "https://press.example/newsroom/releases/2",
            ]
        )
        let narrow = try SourceListing.read(
            Data(contentsOf: Self.seeds.appending(path: "listing.html")),
            url: "https://press.example/newsroom/",
            prefix: "https://press.example/newsroom/releases/2"
        )
        #expect(narrow.items.map(\.url) == ["https://press.example/newsroom/releases/2"])
    }

    @Test func whatIsNoSourceIsRefusedOrEmpty() throws {
        #expect(throws: ArchiveError.self) {
            try SourceListing.read(Data("{\"title\": \"not a feed\"}".utf8), url: "https://press.example/x.json")
        }
        #expect(throws: ArchiveError.self) {
            try SourceListing.read(Data([0x1F, 0x8B, 0x08, 0x00, 0x01]), url: "https://press.example/x.gz")
        }
        // An entity that expands a billion times is not expanded: libxml2 stops reading there, and a feed that lists
        // nothing before that point is an error naming the fault, not an empty feed. So is one nested too deep.
        let laughs = """
            <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
            <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
            <rss><channel><item><link>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</link></item>
            <item><link>javascript:alert(1)</link></item></channel></rss>
            """
        let deep = "<rss><channel>" + String(repeating: "<x>", count: 2_000) + "</channel></rss>"
        for feed in [laughs, deep] {
            #expect {
                try SourceListing.read(Data(feed.utf8), url: "https://press.example/feed")
            } throws: { error in
                let message = (error as? ArchiveError)?.message ?? ""
                return message.contains("https://press.example/feed is not well-formed XML (line ")
            }
        }
        // A small fault (a bare "&") is recovered from, and what the feed lists counts; an item without a usable link
        // is left out.
        let damaged = """
            <rss><channel><title>News & views</title><item><link>https://press.example/news/1</link></item>
            <item><link>javascript:alert(1)</link></item></channel></rss>
            """
        let listing = try SourceListing.read(Data(damaged.utf8), url: "https://press.example/feed")
        #expect(listing.items.map(\.url) == ["https://press.example/news/1"])
        // A sitemap of millions of empty elements is refused before libxml2 builds it (gigabytes), naming the reason.
        let crafted = "<?xml version=\"1.0\"?><urlset>" + String(repeating: "<x/>", count: 2_000_001) + "</urlset>"
        #expect {
            try SourceListing.read(Data(crafted.utf8), url: "https://press.example/sitemap.xml")
        } throws: { error in
            ((error as? ArchiveError)?.message ?? "").contains("holds more than 2000000 tags")
        }
        // A well-formed feed that lists nothing is an empty feed.
        let empty = "<rss><channel><title>News</title></channel></rss>"
        #expect(try SourceListing.read(Data(empty.utf8), url: "https://press.example/feed").items.isEmpty)
    }
}
