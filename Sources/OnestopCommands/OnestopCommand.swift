import ArgumentParser

/// `onestop`: the server and the tools to run it.
public struct OnestopCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "onestop",
        abstract: "一站式质量基础设施服务平台 (one-stop quality infrastructure service).",
        discussion: "Every option that has an environment variable reads it when the option is not given.",
        subcommands: [
            ServeCommand.self, CatalogCommand.self, KeysCommand.self, EndpointsCommand.self, DeliveriesCommand.self, InboxCommand.self,
            RouteCommand.self, StatsCommand.self, LedgerCommand.self, CalendarCommand.self, MigrateCommand.self, CopyCommand.self, BackupCommand.self, CheckCommand.self, PruneCommand.self, NoticesCommand.self,
        ]
    )

    public init() {}
}
