import ArchiveCore
import Testing

/// Checks shared by the importer and exporter conformance suites.
enum DescriptorConformance {
    static func check(_ descriptor: PluginDescriptor) throws {
        #expect(!descriptor.id.isEmpty, "the format id is empty")
        #expect(
            descriptor.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" },
            "format id '\(descriptor.id)' must be lowercase letters, digits and '-'"
        )
        #expect(!descriptor.name.isEmpty, "\(descriptor.id): the name is empty")
        #expect(!descriptor.fileExtensions.isEmpty, "\(descriptor.id): list at least one file extension")
        for ext in descriptor.fileExtensions {
            #expect(
                !ext.hasPrefix(".") && !ext.isEmpty,
                "\(descriptor.id): extension '\(ext)' must not start with a dot"
            )
        }
        for mediaType in descriptor.mediaTypes {
            #expect(mediaType.contains("/"), "\(descriptor.id): '\(mediaType)' is not a media type")
        }
    }
}
