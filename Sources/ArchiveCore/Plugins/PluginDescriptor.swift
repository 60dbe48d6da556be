/// What a format plugin says about itself: its format, a name, and the media types and file extensions it handles.
public struct PluginDescriptor: Hashable, Sendable {
    /// The format this plugin reads or writes; also its id.
    public var format: DocumentFormat
    /// A human-readable name.
    public var name: String
    /// Media types, lowercase, without parameters (`text/plain`).
    public var mediaTypes: [String]
    /// File extensions, lowercase, without the dot (`txt`). The first is used for originals in bundles.
    public var fileExtensions: [String]

    public init(format: DocumentFormat, name: String, mediaTypes: [String], fileExtensions: [String]) {
        self.format = format
        self.name = name
        self.mediaTypes = mediaTypes.map { $0.lowercased() }
        self.fileExtensions = fileExtensions.map { $0.lowercased() }
    }

    /// The plugin id, the format's raw value.
    public var id: String { format.rawValue }
}
