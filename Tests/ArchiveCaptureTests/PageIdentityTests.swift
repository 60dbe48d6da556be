import ArchiveCore
import Testing

@Suite struct PageIdentityTests {
    @Test(arguments: [
        ("https://Example.ORG/news/1?utm_source=feed&id=4#top", "https://example.org/news/1?id=4"),
        ("http://example.org:80/a?fbclid=x&gclid=y", "http://example.org/a"),
        ("https://example.org:8443/a?b=1&utm_campaign=z", "https://example.org:8443/a?b=1"),
        ("https://example.org", "https://example.org/"),
    ])
    func anIdIsTheURLWithoutFragmentAndTracking(url: String, id: String) {
        #expect(PageIdentity.id(of: url) == id)
    }

    @Test func onlyHTTPURLsHaveIds() {
        #expect(PageIdentity.id(of: "ftp://example.org/x") == nil)
        #expect(PageIdentity.id(of: "/news/1") == nil)
    }

    @Test func sameSite() {
        #expect(PageIdentity.sameSite("https://www.example.org/a", "https://example.org/b"))
        #expect(!PageIdentity.sameSite("https://example.org/a", "https://example.com/a"))
    }
}
