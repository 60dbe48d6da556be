import ArchiveBinary
public import ArchiveCore
import ArchiveHTML
import ArchiveJSON
import ArchivePlainText

extension PluginRegistry {
    /// Every importer and exporter that ships with Mura. Front ends build this once and pass it down.
    ///
    /// ```swift
    /// let registry = PluginRegistry.builtIn
    /// ```
    public static var builtIn: PluginRegistry {
        var registry = PluginRegistry()
        registry.register(importer: .plainText)
        registry.register(importer: .html)
        registry.register(importer: JSONImporter(html: HTMLImporter()))
        registry.register(importer: .binary)
        registry.register(exporter: .plainText)
        registry.register(exporter: .html)
        registry.register(exporter: .json)
        return registry
    }
}
