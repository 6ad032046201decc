import Foundation
import Logging
import PoleStageAuth
import PoleStagePostgres
import PoleStageServer
import PoleStageStore
import PostgresNIO

/// Copies a data folder into a database, store by store, then checks every store's copy; says what it did on standard
/// output.
struct StoreCopier {
    let client: PostgresClient
    let configuration: StoreConfiguration
    let logger: Logger

    /// The académie's store, `basins`' stores and the signing keys, copied and then checked.
    func copyAndCheck(basins: [BasinID], keys: [SigningKey], location: PostgresLocation) async throws {
        let academy = PostgresAcademyStore(client: self.client, configuration: self.configuration, logger: self.logger)
        try await academy.migrate()
        let postgresBasins = PostgresBasins(
            client: self.client,
            configuration: self.configuration,
            logger: self.logger,
            pollInterval: .seconds(3600)
        )
        var copies: [(name: String, copy: StoreCopy)] = [
            (
                "académie",
                try StoreCopy(
                    sqlite: self.configuration.academyPath,
                    into: .academy,
                    client: self.client,
                    logger: self.logger
                )
            )
        ]
        for basin in basins {
            _ = try await postgresBasins.create(basin)
            guard let schema = SchemaName.basin(basin.rawValue) else { continue }
            copies.append(
                (
                    basin.rawValue,
                    try StoreCopy(
                        sqlite: self.configuration.basinPath(basin),
                        into: schema,
                        client: self.client,
                        logger: self.logger
                    )
                )
            )
        }
        for (name, copy) in copies {
            let tables = try await copy.copy()
            print("Copied \(name): \(tables.reduce(0) { $0 + $1.rows }) rows in \(tables.count) tables")
        }
        if !keys.isEmpty {
            try await SharedSigningKeys(client: self.client, logger: self.logger).replace(with: keys)
            print("Copied the signing keys: \(keys.map(\.id).joined(separator: ", "))")
        }
        for (name, copy) in copies {
            let tables = try await copy.check()
            print("Checked \(name): \(tables.reduce(0) { $0 + $1.rows }) rows in \(tables.count) tables, identical")
        }
        print(
            "The data folder \(self.configuration.directory.path) is copied into \(location.redacted): serve with --database"
        )
    }
}
