import ArgumentParser
import Foundation
import Logging
import PoleStageAuth
import PoleStagePostgres
import PoleStageServer
import PoleStageStore
import PostgresNIO

/// `polestage migrate-store`: copies a data folder's SQLite stores into a PostgreSQL database, then checks the copy.
///
/// The folder is locked while it runs (no server may use it), and its files are first brought to this version's schema,
/// as `serve` would. The database must not hold a pôle yet. Ids, change-log positions and the signing keys are kept:
/// tokens stay valid and live subscribers resume on PostgreSQL where they were.
struct MigrateStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Copy a data folder's SQLite stores into an empty PostgreSQL database, then check the copy.",
        discussion: "Stop the server first; start it again with --database once the check passes (docs/scaling.md)."
    )

    @OptionGroup var storage: StorageOptions

    @Option(name: .customLong(Setting.database.flag), help: Setting.database.argumentHelp)
    var database: String?

    func run() async throws {
        let layers = try self.storage.layers(
            flags: [.database: self.database.map(SettingValue.string)].compactMapValues { $0 }
        )
        guard let url = layers.string(.database) else {
            throw ValidationError("name the database to copy into: --database postgres://USER@HOST/DATABASE")
        }
        let location = try PostgresLocation(url: url)
        let configuration = StoreConfiguration(directory: layers.dataDirectory)
        guard FileManager.default.fileExists(atPath: configuration.academyPath) else {
            throw ValidationError(
                "\(layers.dataDirectory.path) holds no académie store (academy.sqlite): nothing to copy"
            )
        }
        let lock = try DataFolderLock(directory: configuration.directory, holder: "polestage migrate-store")
        defer { lock.release() }
        var logger = Logger(label: "polestage.migrate-store")
        logger.logLevel = .error
        let basins = try await Self.prepareFiles(configuration)
        let keys = try Self.signingKeys(in: configuration.directory)

        let client = PostgresClient(configuration: try location.clientConfiguration(), backgroundLogger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await Self.refuseUnlessEmpty(client, location: location, logger: logger)
            let copier = StoreCopier(client: client, configuration: configuration, logger: logger)
            try await copier.copyAndCheck(basins: basins, keys: keys, location: location)
        }
    }

    /// Brings every SQLite file to this version's schema, as a server start would; returns the basins with a file.
    static func prepareFiles(_ configuration: StoreConfiguration) async throws -> [BasinID] {
        let academy = try AcademyStore(configuration: configuration)
        try academy.close()
        let files = (try? FileManager.default.contentsOfDirectory(atPath: configuration.basinsDirectory.path)) ?? []
        let registry = try BasinStoreRegistry(configuration: configuration)
        defer { registry.closeAll() }
        var basins: [BasinID] = []
        for file in files.sorted() where file.hasSuffix(".sqlite") {
            guard let basin = BasinID(String(file.dropLast(".sqlite".count))) else {
                throw ValidationError("\(file) in \(configuration.basinsDirectory.path) names no basin")
            }
            try await registry.prepare(basin)
            basins.append(basin)
        }
        return basins
    }

    /// The data folder's signing keys, when it has some.
    static func signingKeys(in directory: URL) throws -> [SigningKey] {
        let file = directory.appendingPathComponent("secrets/signing-keys")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return try SigningKey.parseKeyFile(text)
    }

    /// Refuses a database that already holds a pôle: a basin in the académie's schema, or a basin's schema.
    static func refuseUnlessEmpty(_ client: PostgresClient, location: PostgresLocation, logger: Logger) async throws {
        let schemas =
            try await client.query(
                "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'basin\\_%'",
                logger: logger
            ).collect().first?.decode(Int64.self) ?? 0
        var academyBasins: Int64 = 0
        if try await SchemaMigrator.version(of: .academy, on: client, logger: logger) > 0 {
            academyBasins =
                try await client.query("SELECT count(*) FROM academy.basin", logger: logger).collect().first?
                .decode(Int64.self) ?? 0
        }
        guard schemas == 0, academyBasins == 0 else {
            throw ValidationError(
                "the database at \(location.redacted) already holds a pôle (\(academyBasins) basins, \(schemas) basin schemas): migrate-store copies into an empty database only"
            )
        }
    }
}
