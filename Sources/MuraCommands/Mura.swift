import ArgumentParser

/// The `mura` command: archive publications, and get back what they said on any date.
@main
struct Mura: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mura",
        abstract: "Archive publications and restore what they said on any date.",
        discussion: """
            The archive is the folder given by --archive, else $MURA_ARCHIVE, else ./Archives.
            Dates are YYYY-MM-DD or ISO 8601 with a zone (2022-03-01T10:15:00Z).
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self,
            IngestCommand.self,
            CaptureCommand.self,
            WatchCommand.self,
            InspectCommand.self,
            ListCommand.self,
            HistoryCommand.self,
            ShowCommand.self,
            RestoreCommand.self,
            DiffCommand.self,
            SearchCommand.self,
            ExportCommand.self,
            ReceiveCommand.self,
            ServeCommand.self,
            TokenCommand.self,
            VerifyCommand.self,
            CatalogCommand.self,
            ReextractCommand.self,
            RepackCommand.self,
            PluginsCommand.self,
        ]
    )
}
