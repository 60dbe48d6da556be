import ArchiveCore

/// How pages are fetched: politely by default.
public struct CapturePolicy: Hashable, Sendable {
    /// Sent with every request: names Mura, its version and how to reach whoever runs the archive.
    public var userAgent: String
    /// Whether robots.txt is read and honoured (a site's rules for the `Mura` agent, else for `*`).
    public var honoursRobots: Bool
    /// The least time between the start of two requests to one host.
    public var delayPerHost: Duration
    /// The longest a request may take, connection and body included.
    public var timeout: Duration
    /// The largest body kept; a larger one is refused, not cut.
    public var maximumSize: Int
    /// How many times a request answered 429 or 5xx is sent in all.
    public var attempts: Int
    /// The longest wait before a retry, whatever `Retry-After` asks; a longer one fails the page instead.
    public var longestRetryWait: Duration
    /// How many redirects are followed.
    public var maximumRedirects: Int

    public init(
        contact: String? = nil,
        honoursRobots: Bool = true,
        delayPerHost: Duration = .seconds(1),
        timeout: Duration = .seconds(30),
        maximumSize: Int = 50 * 1024 * 1024,
        attempts: Int = 3,
        longestRetryWait: Duration = .seconds(120),
        maximumRedirects: Int = 10
    ) {
        userAgent = Self.userAgent(contact: contact)
        self.honoursRobots = honoursRobots
        self.delayPerHost = delayPerHost
        self.timeout = timeout
        self.maximumSize = maximumSize
        self.attempts = max(1, attempts)
        self.longestRetryWait = longestRetryWait
        self.maximumRedirects = maximumRedirects
    }

    /// `Mura/<version> (+<contact>)`, the form crawlers use; without a contact, the project's address.
    public static func userAgent(contact: String?) -> String {
        let contact = contact.map { $0.filter { !$0.isNewline && $0 != "(" && $0 != ")" } }.flatMap {
            $0.isEmpty ? nil : $0
        }
        return "Mura/\(MuraVersion.current) (+\(contact ?? "archive without a contact; see mura init --contact"))"
    }

    /// The token robots.txt groups name this agent by.
    public static let robotsAgent = "mura"
}
