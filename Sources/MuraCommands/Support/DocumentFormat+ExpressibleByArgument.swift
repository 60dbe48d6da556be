public import ArchiveCore
public import ArgumentParser

extension DocumentFormat: ExpressibleByArgument {
    public init?(argument: String) {
        guard !argument.isEmpty else { return nil }
        self.init(argument)
    }
}
