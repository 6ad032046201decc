import ArgumentParser

/// `polestage`: the PoleStage server's command line.
@main
struct PoleStageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "polestage",
        abstract: "PoleStage: the internship poles of an académie, over gRPC on WebSockets and HTTP/2.",
        subcommands: [ServeCommand.self, TokenCommand.self, MigrateStoreCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
