public import Foundation

/// A capture whose content equalled the version in force at that time: the document was seen unchanged.
public struct Observation: Codable, Hashable, Sendable {
    public var documentID: String
    public var capturedAt: Date
    public var sha256: String
    /// The version the capture matched.
    public var versionID: String

    public init(documentID: String, capturedAt: Date, sha256: String, versionID: String) {
        self.documentID = documentID
        self.capturedAt = capturedAt
        self.sha256 = sha256
        self.versionID = versionID
    }
}
