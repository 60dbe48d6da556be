import ArchiveCapture
import ArchiveCore
import Foundation

extension FuzzTarget {
    /// What a fetched site sends that Mura parses itself: robots.txt, and the feeds, sitemaps and listing pages it
    /// watches.
    static let capture: [FuzzTarget] = [
        FuzzTarget(
            name: "robots",
            maximumLength: 64 * 1024,
            summary: "robots.txt (RFC 9309): the rules for Mura's agent, and paths checked against them",
            run: { data in
                let bytes = [UInt8](data)
                let rules = RobotsRules(parsing: bytes, agent: "mura")
                // Paths taken from the input itself, which reach every rule's pattern.
                for line in bytes.split(separator: 0x0A).prefix(16) {
                    _ = rules.allows(String(decoding: line.prefix(512), as: UTF8.self))
                }
                _ = rules.allows("/")
            }
        ),
        FuzzTarget(
            name: "source",
            maximumLength: 64 * 1024,
            summary: "SourceListing: RSS, Atom, JSON Feed, sitemaps and indexes (gzipped too), listing pages",
            run: { data in
                _ = try? SourceListing.read(data, url: "https://press.example/newsroom/feed", prefix: nil)
            }
        ),
    ]
}
