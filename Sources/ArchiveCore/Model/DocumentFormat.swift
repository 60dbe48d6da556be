/// The name of a document format, such as `text`; each importer and exporter handles one.
///
/// An open set: a plugin adds its own format with a static member in an extension.
///
/// ```swift
/// extension DocumentFormat { public static let plainText = DocumentFormat("text") }
/// ```
public struct DocumentFormat: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
