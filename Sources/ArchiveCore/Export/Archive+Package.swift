public import Foundation

extension Archive {
    /// Runs an export order: checks it, then writes its package to `target` (a BagIt folder or serialized bag, an OCFL
    /// storage root, or a `.warc.gz`). Records an export event.
    ///
    /// - Throws: What ``PackageOrder/validated(registry:)`` throws, then what the package's export throws.
    public func export(
        _ order: PackageOrder,
        to target: URL,
        registry: PluginRegistry,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> ExportReport {
        let renderings = try order.validated(registry: registry)
        // The archive's housekeeping clears its `tmp/` and reads every file under `bundles/`: a package there would
        // be lost, or taken for damage.
        if ArchiveFolderBounds.contains(target, archive: root) {
            throw ArchiveError(
                .invalidArgument,
                "\(target.path) is inside the archive \(root.path); export to a place outside it.",
                field: .to
            )
        }
        var report =
            switch order.kind {
            case .bagit: try await exportBag(order.selection, to: target, renderings: renderings, progress: progress)
            case .ocfl: try await exportOCFL(order.selection, to: target, renderings: renderings, progress: progress)
            case .warc: try await exportWARC(order.selection, to: target, registry: registry, progress: progress)
            }
        report.notExported = try await namedWithoutVersions(order.selection)
        return report
    }
}
