import ArchiveBuiltins
import ArchiveCore
import ArgumentParser

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plugins", abstract: "List the format plugins.")

    @OptionGroup var output: OutputOptions

    struct Entry: Encodable {
        var kind: String
        var format: String
        var name: String
        var mediaTypes: [String]
        var fileExtensions: [String]
    }

    func run() throws {
        let registry = PluginRegistry.builtIn
        let entries =
            registry.importers.map { Entry(kind: "importer", $0.descriptor) }
            + registry.exporters.map { Entry(kind: "exporter", $0.descriptor) }
        if output.json { return try Console.printJSON(entries) }
        for entry in entries {
            Console.print(
                "\(entry.kind)  \(entry.format)  \(entry.name)  media types: \(entry.mediaTypes.joined(separator: ", "))"
                    + "  extensions: \(entry.fileExtensions.joined(separator: ", "))"
            )
        }
    }
}

extension PluginsCommand.Entry {
    init(kind: String, _ descriptor: PluginDescriptor) {
        self.init(
            kind: kind,
            format: descriptor.format.rawValue,
            name: descriptor.name,
            mediaTypes: descriptor.mediaTypes,
            fileExtensions: descriptor.fileExtensions
        )
    }
}
