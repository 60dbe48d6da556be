/// A site's robots.txt rules for one agent (RFC 9309): the groups that name the agent, else the `*` groups; the
/// longest matching `Allow` or `Disallow` pattern decides (`Allow` on a tie), `*` matches any run of characters and
/// a final `$` the end of the path.
public struct RobotsRules: Hashable, Sendable {
    struct Rule: Hashable, Sendable {
        var allows: Bool
        var pattern: [UInt8]
    }

    var rules: [Rule]
    /// Whether these rules stand for a robots.txt the site failed to serve (5xx), which allows nothing.
    public private(set) var unreadable = false

    /// Rules that allow every path (a robots.txt that is missing: 4xx).
    public static let allowAll = RobotsRules(rules: [])
    /// Rules that allow no path (a robots.txt the site failed to serve: 5xx).
    public static let disallowAll: RobotsRules = {
        var rules = RobotsRules(rules: [Rule(allows: false, pattern: Array("/".utf8))])
        rules.unreadable = true
        return rules
    }()

    /// The most of a robots.txt read, as RFC 9309 asks crawlers to read at least.
    public static let maximumSize = 512 * 1024

    init(rules: [Rule]) {
        self.rules = rules
    }

    /// The rules of `text` for the agent whose product token is `agent` (compared without case).
    public init(parsing text: [UInt8], agent: String) {
        let agent = agent.lowercased()
        var named: [Rule] = []
        var anyAgent: [Rule] = []
        var foundNamed = false
        // The agents of the group being read, and whether its rules have begun (a user-agent line after rules
        // starts a new group).
        var agents: [String] = []
        var inRules = false
        for rawLine in text.prefix(Self.maximumSize).split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) {
            var line = rawLine[...]
            if let hash = line.firstIndex(of: UInt8(ascii: "#")) { line = line[..<hash] }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let key = String(decoding: line[..<colon], as: UTF8.self).trimmingSpaces.lowercased()
            let value = Array(line[line.index(after: colon)...]).trimmingSpaces
            switch key {
            case "user-agent":
                if inRules {
                    agents = []
                    inRules = false
                }
                let name = String(decoding: value, as: UTF8.self).lowercased()
                agents.append(name)
                if Self.names(name, agent) { foundNamed = true }
            case "allow", "disallow":
                inRules = true
                // An empty Disallow allows everything, as no rule does.
                guard !value.isEmpty else { continue }
                let rule = Rule(allows: key == "allow", pattern: value)
                if agents.contains(where: { Self.names($0, agent) }) {
                    named.append(rule)
                } else if agents.contains("*") {
                    anyAgent.append(rule)
                }
            default:
                // Sitemap, Crawl-delay and unknown lines end nothing.
                continue
            }
        }
        rules = foundNamed ? named : anyAgent
    }

    /// Whether a group's `User-agent` value names the agent: its product token, alone or with a version.
    static func names(_ value: String, _ agent: String) -> Bool {
        value == agent || value.hasPrefix(agent + "/")
    }

    /// Whether the rules allow the path (with its query, percent-encoded as sent).
    public func allows(_ path: String) -> Bool {
        let path = Array(path.utf8)
        var best: (length: Int, allows: Bool)?
        for rule in rules where Self.matches(rule.pattern, path) {
            let length = rule.pattern.count
            if let current = best, current.length > length || (current.length == length && current.allows) {
                continue
            }
            best = (length, rule.allows)
        }
        return best?.allows ?? true
    }

    /// Whether `pattern` matches the start of `path` (to its end when the pattern ends with `$`): wildcard matching
    /// that remembers only the last `*`, so it takes at most pattern × path steps.
    static func matches(_ pattern: [UInt8], _ path: [UInt8]) -> Bool {
        var pattern = pattern[...]
        let anchored = pattern.last == UInt8(ascii: "$")
        if anchored { pattern = pattern.dropLast() }
        let star = UInt8(ascii: "*")
        var p = pattern.startIndex
        var s = 0
        var lastStar: Int?
        var resume = 0
        while true {
            if p == pattern.endIndex {
                if !anchored || s == path.count { return true }
            } else if pattern[p] == star {
                lastStar = p
                p += 1
                resume = s
                continue
            } else if s < path.count, pattern[p] == path[s] {
                p += 1
                s += 1
                continue
            }
            // A mismatch, or the end of an anchored pattern before the end of the path: the last `*` takes one more.
            guard let star = lastStar, resume < path.count else { return false }
            resume += 1
            s = resume
            p = star + 1
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(decoding: Array(utf8).trimmingSpaces, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    fileprivate var trimmingSpaces: [UInt8] {
        var slice = self[...]
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return Array(slice)
    }
}
