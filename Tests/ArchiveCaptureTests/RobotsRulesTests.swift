import ArchiveCore
import Testing

/// robots.txt as RFC 9309 reads it.
@Suite struct RobotsRulesTests {
    static func rules(_ text: String) -> RobotsRules {
        RobotsRules(parsing: Array(text.utf8), agent: "mura")
    }

    @Test func theGroupNamingTheAgentWinsOverTheStarGroup() {
        let text = """
            User-agent: *
            Disallow: /

            User-agent: Mura
            Disallow: /drafts/
            """
        #expect(Self.rules(text).allows("/news/1"))
        #expect(!Self.rules(text).allows("/drafts/a"))
        // A group naming the agent with no rules allows everything.
        #expect(Self.rules("User-agent: *\nDisallow: /\n\nUser-agent: mura/1.0\nDisallow:\n").allows("/x"))
        #expect(!Self.rules("User-agent: other\nUser-agent: *\nDisallow: /x\n").allows("/x/y"))
    }

    @Test func theLongestMatchDecidesAndAllowWinsATie() {
        let text = "User-agent: *\nDisallow: /private\nAllow: /private/open$\nAllow: /a\nDisallow: /a\n"
        #expect(!Self.rules(text).allows("/private/secret"))
        #expect(Self.rules(text).allows("/private/open"))
        #expect(!Self.rules(text).allows("/private/open/more"))
        #expect(Self.rules(text).allows("/a/b"))
        #expect(Self.rules(text).allows("/public"))
    }

    @Test func wildcardsAndEndAnchors() {
        let text = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /search*q=\n# a comment\nDisallow: /tmp # trailing\n"
        #expect(!Self.rules(text).allows("/files/report.pdf"))
        #expect(Self.rules(text).allows("/files/report.pdf?download=1"))
        #expect(!Self.rules(text).allows("/search?lang=en&q=budget"))
        #expect(Self.rules(text).allows("/search?lang=en"))
        #expect(!Self.rules(text).allows("/tmp/x"))
        // Many stars against a long path stay quick (pattern × path steps at most).
        let stars = "User-agent: *\nDisallow: /" + String(repeating: "*a", count: 2000) + "b$\n"
        #expect(Self.rules(stars).allows("/" + String(repeating: "a", count: 8000)))
    }

    @Test func unreadableRobotsAllowNothingAndMissingOnesAllowEverything() {
        #expect(!RobotsRules.disallowAll.allows("/"))
        #expect(RobotsRules.allowAll.allows("/anything"))
        #expect(Self.rules("\u{FEFF}garbage\n\0\0::\nDisallow /x\n").allows("/x"))
    }
}
