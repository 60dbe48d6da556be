public import ArchiveCore
public import ArgumentParser

/// `--format unified|json|html` of `mura diff`.
extension DocumentDiff.Format: ExpressibleByArgument {}
