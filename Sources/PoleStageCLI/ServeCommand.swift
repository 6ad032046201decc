import ArgumentParser
import Foundation
import Logging
import PoleStageAuth
import PoleStageDemo
import PoleStageInterop
import PoleStagePostgres
import PoleStageServer
import PostgresNIO
import ServiceLifecycle
import UnixSignals

/// `polestage serve`: runs the server until SIGTERM or SIGINT.
///
/// Every setting comes, by increasing precedence, from its default, the `--config` file, its `POLESTAGE_` environment
/// variable, and its flag (``LayeredSettings``); the flags are optional so that an absent one leaves the others be.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve gRPC over WebSocket (HTTP port) and native gRPC (HTTP/2 port)."
    )

    @Option(name: .customLong(Setting.host.flag), help: Setting.host.argumentHelp)
    var host: String?

    @Option(name: .customLong(Setting.port.flag), help: Setting.port.argumentHelp)
    var port: Int?

    @Option(name: .customLong(Setting.grpcPort.flag), help: Setting.grpcPort.argumentHelp)
    var grpcPort: Int?

    @Option(name: .customLong(Setting.webSocketPath.flag), help: Setting.webSocketPath.argumentHelp)
    var webSocketPath: String?

    @Option(name: .customLong(Setting.maxMessageSize.flag), help: Setting.maxMessageSize.argumentHelp)
    var maxMessageSize: Int?

    @Option(name: .customLong(Setting.maxConcurrentStreams.flag), help: Setting.maxConcurrentStreams.argumentHelp)
    var maxConcurrentStreams: Int?

    @Flag(
        name: .customLong(Setting.interopTestService.flag),
        inversion: .prefixedNo,
        help: Setting.interopTestService.argumentHelp
    )
    var interopTestService: Bool?

    @Option(name: .customLong(Setting.logLevel.flag), help: Setting.logLevel.argumentHelp)
    var logLevel: String?

    @Option(name: .customLong(Setting.logFormat.flag), help: Setting.logFormat.argumentHelp)
    var logFormat: String?

    @OptionGroup var storage: StorageOptions

    @Option(name: .customLong(Setting.database.flag), help: Setting.database.argumentHelp)
    var database: String?

    @Flag(name: .customLong(Setting.demo.flag), inversion: .prefixedNo, help: Setting.demo.argumentHelp)
    var demo: Bool?

    @Option(name: .customLong(Setting.allowedOrigins.flag), help: Setting.allowedOrigins.argumentHelp)
    var allowedOrigins: [String] = []

    @Option(name: .customLong(Setting.reservationHold.flag), help: Setting.reservationHold.argumentHelp)
    var reservationHoldSeconds: Int?

    @Option(name: .customLong(Setting.heartbeatInterval.flag), help: Setting.heartbeatInterval.argumentHelp)
    var heartbeatInterval: Int?

    @Option(name: .customLong(Setting.mailboxCapacity.flag), help: Setting.mailboxCapacity.argumentHelp)
    var mailboxCapacity: Int?

    @Option(name: .customLong(Setting.changeLogMaxEntries.flag), help: Setting.changeLogMaxEntries.argumentHelp)
    var changeLogMaxEntries: Int?

    @Option(name: .customLong(Setting.changeLogMaxAge.flag), help: Setting.changeLogMaxAge.argumentHelp)
    var changeLogMaxAge: Int?

    @Option(name: .customLong(Setting.dashboardDirectory.flag), help: Setting.dashboardDirectory.argumentHelp)
    var dashboardDirectory: String?

    @Option(name: .customLong(Setting.mapLibraryDirectory.flag), help: Setting.mapLibraryDirectory.argumentHelp)
    var mapLibraryDirectory: String?

    @Option(name: .customLong(Setting.mapTilesURL.flag), help: Setting.mapTilesURL.argumentHelp)
    var mapTilesURL: String?

    @Option(name: .customLong(Setting.requestHeadTimeout.flag), help: Setting.requestHeadTimeout.argumentHelp)
    var requestHeadTimeout: Int?

    @Option(name: .customLong(Setting.maxRequestHeadSize.flag), help: Setting.maxRequestHeadSize.argumentHelp)
    var maxRequestHeadSize: Int?

    @Option(name: .customLong(Setting.tlsCertificateChain.flag), help: Setting.tlsCertificateChain.argumentHelp)
    var tlsCertificateChain: String?

    @Option(name: .customLong(Setting.tlsPrivateKey.flag), help: Setting.tlsPrivateKey.argumentHelp)
    var tlsPrivateKey: String?

    @Option(name: .customLong(Setting.pupilRetentionDays.flag), help: Setting.pupilRetentionDays.argumentHelp)
    var pupilRetentionDays: Int?

    @Option(name: .customLong(Setting.webhookURLs.flag), help: Setting.webhookURLs.argumentHelp)
    var webhookURLs: [String] = []

    @Option(name: .customLong(Setting.webhookSecretFile.flag), help: Setting.webhookSecretFile.argumentHelp)
    var webhookSecretFile: String?

    /// The values the flags of this command set (``StorageOptions`` adds its own).
    var flagValues: [Setting: SettingValue] {
        var values: [Setting: SettingValue] = [:]
        values[.host] = self.host.map(SettingValue.string)
        values[.port] = self.port.map(SettingValue.integer)
        values[.grpcPort] = self.grpcPort.map(SettingValue.integer)
        values[.webSocketPath] = self.webSocketPath.map(SettingValue.string)
        values[.maxMessageSize] = self.maxMessageSize.map(SettingValue.integer)
        values[.maxConcurrentStreams] = self.maxConcurrentStreams.map(SettingValue.integer)
        values[.interopTestService] = self.interopTestService.map(SettingValue.boolean)
        values[.logLevel] = self.logLevel.map(SettingValue.string)
        values[.logFormat] = self.logFormat.map(SettingValue.string)
        values[.demo] = self.demo.map(SettingValue.boolean)
        values[.allowedOrigins] = self.allowedOrigins.isEmpty ? nil : .strings(self.allowedOrigins)
        values[.reservationHold] = self.reservationHoldSeconds.map(SettingValue.integer)
        values[.heartbeatInterval] = self.heartbeatInterval.map(SettingValue.integer)
        values[.mailboxCapacity] = self.mailboxCapacity.map(SettingValue.integer)
        values[.changeLogMaxEntries] = self.changeLogMaxEntries.map(SettingValue.integer)
        values[.changeLogMaxAge] = self.changeLogMaxAge.map(SettingValue.integer)
        values[.requestHeadTimeout] = self.requestHeadTimeout.map(SettingValue.integer)
        values[.maxRequestHeadSize] = self.maxRequestHeadSize.map(SettingValue.integer)
        values[.dashboardDirectory] = self.dashboardDirectory.map(SettingValue.string)
        values[.mapLibraryDirectory] = self.mapLibraryDirectory.map(SettingValue.string)
        values[.mapTilesURL] = self.mapTilesURL.map(SettingValue.string)
        values[.tlsCertificateChain] = self.tlsCertificateChain.map(SettingValue.string)
        values[.tlsPrivateKey] = self.tlsPrivateKey.map(SettingValue.string)
        values[.pupilRetentionDays] = self.pupilRetentionDays.map(SettingValue.integer)
        values[.webhookURLs] = self.webhookURLs.isEmpty ? nil : .strings(self.webhookURLs)
        values[.webhookSecretFile] = self.webhookSecretFile.map(SettingValue.string)
        values[.database] = self.database.map(SettingValue.string)
        return values
    }

    /// Every setting of this run, typed and checked, its files included.
    ///
    /// - Throws: ``ConfigurationError`` for the first value at fault, naming where it was set.
    func settings(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> ServeSettings {
        var settings = try ServeSettings(self.storage.layers(flags: self.flagValues, environment: environment))
        try settings.checkFiles()
        return settings
    }

    func run() async throws {
        // Before anything else (logging included): a configuration at fault stops the start with its message.
        let settings = try self.settings()
        let json = settings.logFormat == .json || (settings.logFormat == .auto && isatty(STDOUT_FILENO) == 0)
        LoggingSystem.bootstrap { label in
            json ? JSONLogHandler(label: label) as any LogHandler : StreamLogHandler.standardOutput(label: label)
        }
        var logger = Logger(label: "polestage")
        logger.logLevel = settings.logLevel
        guard let database = settings.database else {
            try await self.serve(settings, stores: nil, json: json, logger: logger)
            return
        }
        let location = try PostgresLocation(url: database)
        let client = PostgresClient(configuration: try location.clientConfiguration(), backgroundLogger: logger)
        // The client runs for as long as the server does: the stores' every query goes through its pool.
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await client.run() }
            let stores = try await ServerStores.postgres(
                client: client,
                location: location.redacted,
                configuration: settings.server.storeConfiguration,
                logger: logger
            )
            try await self.serve(settings, stores: stores, json: json, logger: logger)
            group.cancelAll()
        }
    }

    /// Starts the server on `stores`, seeds the demo when asked, and serves until a signal stops it.
    private func serve(_ settings: ServeSettings, stores: ServerStores?, json: Bool, logger: Logger) async throws {
        let server = try await PoleStageServer(
            configuration: settings.server,
            stores: stores,
            additionalServices: settings.interopTestService ? [InteropTestService()] : [],
            unauthenticatedServices: settings.interopTestService ? [InteropTestService.name] : [],
            logger: logger
        )
        if settings.demo {
            let (tokens, seeded) = try await DemoAcademy.seed(
                academy: server.academy,
                basins: server.basins,
                tokens: server.tokens
            )
            logger.notice(seeded ? "Demo académie seeded" : "Demo académie already present")
            // The port the server will listen on, when it is fixed; else the links are printed as paths.
            let port = settings.server.port
            let scheme = settings.server.tls == nil ? "http" : "https"
            let host =
                settings.server.host == "0.0.0.0" || settings.server.host == "::" ? "127.0.0.1" : settings.server.host
            let base = port == 0 ? "" : "\(scheme)://\(host):\(port)"
            // Unbuffered: a script that starts the server reads the tokens while it runs.
            let text = """
                Demo tokens (valid 30 days; basin chalon-tournus-louhans):
                  coordinator: \(tokens.coordinator.token)
                  animator:    \(tokens.animator.token)
                  school:      \(tokens.school.token)
                  company:     \(tokens.company.token)
                  pupil:       \(tokens.pupil.token)
                Their ids (polestage-admin token list USER, token revoke ID):
                  coordinator id: \(tokens.coordinator.id)
                  animator id:    \(tokens.animator.id)
                  school id:      \(tokens.school.id)
                  company id:     \(tokens.company.id)
                  pupil id:       \(tokens.pupil.id)
                Sign-in links for the web application (each works once; valid 7 days):
                \(tokens.signInLinks.map { "  \($0.role) link: \(base)\($0.path)" }.joined(separator: "\n"))

                """
            // Not a log line: with JSON logs on standard output, the tokens go to standard error.
            (json ? FileHandle.standardError : FileHandle.standardOutput).write(Data(text.utf8))
        }
        try await server.run(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
