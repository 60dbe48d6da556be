public import ArchiveCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Fetches pages over HTTP and HTTPS for capture (async-http-client): robots.txt honoured, one request at a time
/// per host with the policy's delay, redirects followed (each hop checked against robots.txt), 429 and 5xx retried
/// with backoff or after `Retry-After`, a size limit and a timeout. Every failure is an
/// ``ArchiveError/Code-swift.struct/fetchFailed`` naming the URL and what happened.
///
/// Call ``shutdown()`` when done.
public final class PageFetcher: Sendable {
    public let policy: CapturePolicy
    private let client: HTTPClient
    private let schedule: HostSchedule
    private let robots = RobotsCache()

    public init(policy: CapturePolicy) {
        self.policy = policy
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: Self.timeAmount(policy.timeout)),
            decompression: .disabled
        )
        // A connection that cannot be made fails the request at once, with its cause; retries are the policy's.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        schedule = HostSchedule(delay: policy.delayPerHost)
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Fetches `url`, following redirects, sending `conditional` header fields (`If-None-Match`,
    /// `If-Modified-Since`) with the request. `honouringRobots` overrides the policy's robots.txt setting (a watched
    /// source that turns it off).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/fetchFailed``: not an http(s) URL, disallowed by robots.txt,
    ///   DNS, TLS, a refused connection, a timeout, too many redirects, a body over the size limit.
    public func fetch(
        _ url: String,
        conditional: [CapturedResponse.Header] = [],
        honouringRobots: Bool? = nil
    ) async throws -> FetchedPage {
        var current = url
        for _ in 0...policy.maximumRedirects {
            let target = try Self.target(current, asked: url)
            if honouringRobots ?? policy.honoursRobots {
                let rules = try await robots.rules(for: target.origin) { try await self.robotsRules(target) }
                guard rules.allows(target.pathAndQuery) else {
                    let redirected = current == url ? "" : " (redirected from \(url))"
                    throw ArchiveError(
                        .fetchFailed,
                        rules.unreadable
                            ? "\(current)\(redirected): the site failed to serve its robots.txt (5xx), which allows "
                                + "nothing until it can be read; try again later."
                            : "\(current)\(redirected): the site's robots.txt does not allow Mura to fetch it; capture "
                                + "only what the site allows, or turn robots.txt off for this source."
                    )
                }
            }
            let (head, body) = try await send(target, headers: conditional, what: current)
            if [301, 302, 303, 307, 308].contains(head.status.code), let location = head.headers.first(name: "Location")
            {
                guard let next = URL(string: SourceURL.encoded(location), relativeTo: target.url)?.absoluteString else {
                    throw ArchiveError(
                        .fetchFailed,
                        "\(current): the redirect to '\(location.prefix(200))' is not a URL."
                    )
                }
                // A fragment is not sent, nor part of what answers.
                current =
                    next.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
                    ?? next
                continue
            }
            return FetchedPage(
                requestedURL: url,
                response: CapturedResponse(
                    url: current,
                    status: Int(head.status.code),
                    reason: head.status.reasonPhrase,
                    headers: head.headers.map { CapturedResponse.Header($0.name, $0.value) }
                ),
                body: body
            )
        }
        throw ArchiveError(
            .fetchFailed,
            "\(url): more than \(policy.maximumRedirects) redirects; the site sends it in a loop or too far."
        )
    }

    /// Whether robots.txt lets Mura fetch `url` (read once per site and kept), or `true` when robots.txt is not
    /// honoured (`honouringRobots`, else the policy, says so). A site whose robots.txt fails with 5xx allows nothing.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/fetchFailed`` when `url` is not an absolute http(s) URL.
    public func allows(_ url: String, honouringRobots: Bool? = nil) async throws -> Bool {
        guard honouringRobots ?? policy.honoursRobots else { return true }
        let target = try Self.target(url, asked: url)
        let rules = try await robots.rules(for: target.origin) { try await self.robotsRules(target) }
        return rules.allows(target.pathAndQuery)
    }

    /// A URL checked and split as a request needs it.
    struct Target {
        var url: URL
        var text: String
        /// scheme://host:port, the key of robots.txt and of the schedule.
        var origin: String
        var pathAndQuery: String
    }

    static func target(_ text: String, asked: String) throws -> Target {
        let encoded = SourceURL.encoded(text)
        guard SourceURL.isValid(text), let url = URL(string: encoded),
            let components = URLComponents(url: url, resolvingAgainstBaseURL: true),
            let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased()
        else {
            throw ArchiveError(
                .fetchFailed,
                "\(text.prefix(200))" + (text == asked ? "" : " (redirected from \(asked))")
                    + " is not an absolute http or https URL; give one such as https://example.org/news/42."
            )
        }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return Target(
            url: url,
            text: encoded,
            origin: "\(scheme)://\(host):\(port)",
            pathAndQuery: path + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        )
    }

    /// One request, sent again on 429 and 5xx as the policy allows; the status line and header fields, and the body.
    private func send(
        _ target: Target,
        headers extra: [CapturedResponse.Header],
        what: String,
        limit: Int? = nil
    ) async throws -> (HTTPResponseHead, [UInt8]) {
        var attempt = 1
        while true {
            try await schedule.wait(for: target.origin)
            let answer: (HTTPResponseHead, [UInt8])
            do {
                answer = try await execute(target, headers: extra, limit: limit ?? policy.maximumSize, what: what)
            } catch {
                await schedule.finished(target.origin)
                throw error
            }
            let status = answer.0.status.code
            guard status == 429 || (500...599).contains(status), attempt < policy.attempts else {
                await schedule.finished(target.origin)
                return answer
            }
            let asked = answer.0.headers.first(name: "Retry-After").flatMap(Self.retryAfter)
            let wait = asked ?? .seconds(1 << min(attempt, 6))
            guard wait <= policy.longestRetryWait else {
                await schedule.finished(target.origin)
                throw ArchiveError(
                    .fetchFailed,
                    "\(what): the server answered \(status) and asked to wait \(wait) before trying again, longer "
                        + "than \(policy.longestRetryWait); try again later."
                )
            }
            await schedule.finished(target.origin, pause: wait)
            attempt += 1
        }
    }

    private func execute(
        _ target: Target,
        headers extra: [CapturedResponse.Header],
        limit: Int,
        what: String
    ) async throws -> (HTTPResponseHead, [UInt8]) {
        var request = HTTPClientRequest(url: target.text)
        request.headers.add(name: "User-Agent", value: policy.userAgent)
        request.headers.add(name: "Accept", value: "*/*")
        for field in extra { request.headers.add(name: field.name, value: field.value) }
        let client = client
        let timeout = policy.timeout
        let prepared = request
        do {
            return try await Self.within(timeout, what: what) {
                let response = try await client.execute(prepared, timeout: Self.timeAmount(timeout))
                if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > limit {
                    throw ArchiveError(
                        .fetchFailed,
                        "\(what): the body is \(length) bytes, over the limit of \(limit); raise the limit to keep it."
                    )
                }
                let body = try await response.body.collect(upTo: limit)
                let head = HTTPResponseHead(
                    version: response.version,
                    status: response.status,
                    headers: response.headers
                )
                return (head, Array(buffer: body))
            }
        } catch let error as ArchiveError {
            throw error
        } catch is NIOTooManyBytesError {
            throw ArchiveError(
                .fetchFailed,
                "\(what): the body is over the limit of \(limit) bytes; raise the limit to keep it."
            )
        } catch {
            throw ArchiveError(.fetchFailed, "\(what): \(Self.describe(error)).", underlying: error)
        }
    }

    /// Runs `body` (a request and the reading of its body), failing it once `limit` has passed: the client's read
    /// timeout starts again with every byte, so a server that sends its body a byte at a time would hold the fetch
    /// for ever.
    static func within<T: Sendable>(
        _ limit: Duration,
        what: String,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                let seconds = String(
                    format: "%g",
                    Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
                )
                throw ArchiveError(
                    .fetchFailed,
                    "\(what): timed out: the answer did not arrive whole within \(seconds) s; allow a slow server "
                        + "more time (--timeout)."
                )
            }
            return value
        }
    }

    /// What went wrong, in words: DNS, TLS, refused, timed out, closed.
    static func describe(_ error: any Error) -> String {
        let text = String(reflecting: error)
        let lowered = text.lowercased()
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout: return "timed out"
            case .tlsHandshakeTimeout: return "TLS handshake timed out"
            case .remoteConnectionClosed: return "the server closed the connection before answering"
            default: break
            }
        }
        if lowered.contains("ssl") || lowered.contains("tls") { return "TLS failed (\(text.prefix(300)))" }
        if lowered.contains("refused") || lowered.contains("errno: 111") {
            return "the connection was refused (nothing listens there)"
        }
        if lowered.contains("dns") || lowered.contains("resolv") || lowered.contains("unknown host")
            || lowered.contains("unknownhost") || lowered.contains("name or service")
        {
            return "the host name could not be resolved (DNS)"
        }
        if lowered.contains("timeout") || lowered.contains("timed out") { return "timed out" }
        return "the request failed (\(text.prefix(300)))"
    }

    /// A `Retry-After` value: seconds, or an HTTP date.
    static func retryAfter(_ value: String) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .seconds(max(0, Int(date.timeIntervalSinceNow.rounded(.up))))
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// The robots.txt rules of a target's origin (RFC 9309): a 2xx body is read, a 4xx means no rules, and a 5xx
    /// allows nothing; a site that cannot be reached fails the page with the reason.
    private func robotsRules(_ target: Target) async throws -> RobotsRules {
        var robotsURL = URLComponents(url: target.url, resolvingAgainstBaseURL: true)!
        robotsURL.percentEncodedPath = "/robots.txt"
        robotsURL.percentEncodedQuery = nil
        robotsURL.fragment = nil
        var current = robotsURL.string ?? target.text
        for _ in 0..<5 {
            let robots = try Self.target(current, asked: current)
            let answer: (HTTPResponseHead, [UInt8])
            do {
                answer = try await send(robots, headers: [], what: current, limit: RobotsRules.maximumSize)
            } catch let error as ArchiveError {
                throw ArchiveError(
                    .fetchFailed,
                    "\(target.text): \(error.underlying.map(Self.describe) ?? error.message), reading its site's "
                        + "robots.txt.",
                    underlying: error.underlying
                )
            }
            let status = answer.0.status.code
            if [301, 302, 303, 307, 308].contains(status), let location = answer.0.headers.first(name: "Location"),
                let next = URL(string: SourceURL.encoded(location), relativeTo: robots.url)?.absoluteString
            {
                current = next
                continue
            }
            switch status {
            case 200..<300: return RobotsRules(parsing: answer.1, agent: CapturePolicy.robotsAgent)
            case 400..<500: return .allowAll
            default: return .disallowAll
            }
        }
        return .allowAll
    }
}

/// The robots.txt rules read so far, by origin.
actor RobotsCache {
    private var rules: [String: RobotsRules] = [:]

    func rules(for origin: String, read: @Sendable () async throws -> RobotsRules) async throws -> RobotsRules {
        if let known = rules[origin] { return known }
        let found = try await read()
        rules[origin] = found
        return found
    }
}
