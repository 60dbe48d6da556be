public import ArchiveCore
public import ArgumentParser

/// `--package bagit|ocfl|warc`: an unknown name is refused with the list of packages.
extension PackageOrder.Kind: ExpressibleByArgument {}
