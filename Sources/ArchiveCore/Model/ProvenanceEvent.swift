public import Foundation

/// One entry of the archive's provenance log: an ingest, verify, restore, export, rebuild or re-extraction.
public struct ProvenanceEvent: Codable, Hashable, Sendable {
    /// What happened.
    public struct Kind: RawRepresentable, Codable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let ingest = Kind(rawValue: "ingest")
        public static let verify = Kind(rawValue: "verify")
        public static let restore = Kind(rawValue: "restore")
        public static let export = Kind(rawValue: "export")
        public static let rebuild = Kind(rawValue: "rebuild")
        public static let access = Kind(rawValue: "access")
        public static let reextract = Kind(rawValue: "reextract")
        public static let repack = Kind(rawValue: "repack")
    }

    /// How it ended.
    public struct Outcome: RawRepresentable, Codable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let success = Outcome(rawValue: "success")
        public static let unchanged = Outcome(rawValue: "unchanged")
        /// A capture found the page gone.
        public static let gone = Outcome(rawValue: "gone")
        public static let failure = Outcome(rawValue: "failure")
    }

    public var time: Date
    public var kind: Kind
    public var outcome: Outcome
    public var documentID: String?
    public var versionID: String?
    public var detail: String

    public init(
        time: Date = Date(),
        kind: Kind,
        outcome: Outcome,
        documentID: String? = nil,
        versionID: String? = nil,
        detail: String
    ) {
        self.time = time
        self.kind = kind
        self.outcome = outcome
        self.documentID = documentID
        self.versionID = versionID
        self.detail = detail
    }
}
