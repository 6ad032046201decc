import ArgumentParser
import PoleStageProto
import SwiftProtobuf

/// `polestage-admin company create|update|search|import|merge`.
struct CompanyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "company",
        abstract: "Keep the company directory: create, update, search, import from CSV, merge duplicates.",
        subcommands: [Create.self, Update.self, Search.self, Import.self, Merge.self]
    )

    /// A company's fields, as options.
    struct Fields: ParsableArguments {
        @Argument(help: "The SIRET: 14 digits with a valid checksum.") var siret: String
        @Option(help: "Its name.") var name: String
        @Option(help: "Its NAF code, such as 56.10A.") var sector: String
        @Option(help: "Street address.") var street: String
        @Option(help: "Postal code.") var postalCode: String
        @Option(help: "Commune.") var commune: String
        @Option(help: "Latitude (WGS 84).") var latitude: Double
        @Option(help: "Longitude (WGS 84).") var longitude: Double
        @Option(help: "A basin it works with (repeatable).") var basin: [String] = []

        var details: Polestage_Admin_V1_CompanyDetails {
            .with {
                $0.siret = self.siret
                $0.name = self.name
                $0.sector = self.sector
                $0.street = self.street
                $0.postalCode = self.postalCode
                $0.commune = self.commune
                $0.latitude = self.latitude
                $0.longitude = self.longitude
                $0.basinIds = self.basin
            }
        }
    }

    /// The fields an update names, as options: only those given change (the request's update mask).
    struct UpdateFields: ParsableArguments {
        @Argument(help: "The SIRET: 14 digits with a valid checksum.") var siret: String
        @Option(help: "Its name.") var name: String?
        @Option(help: "Its NAF code, such as 56.10A.") var sector: String?
        @Option(help: "Street address.") var street: String?
        @Option(help: "Postal code.") var postalCode: String?
        @Option(help: "Commune.") var commune: String?
        @Option(help: "Latitude (WGS 84).") var latitude: Double?
        @Option(help: "Longitude (WGS 84).") var longitude: Double?
        @Option(help: "A basin it works with (repeatable): replaces its list of basins.") var basin: [String] = []

        var details: Polestage_Admin_V1_CompanyDetails {
            var paths: [String] = []
            var details = Polestage_Admin_V1_CompanyDetails()
            details.siret = self.siret
            func set<T>(_ value: T?, _ path: String, _ apply: (T) -> Void) {
                guard let value else { return }
                apply(value)
                paths.append(path)
            }
            set(self.name, "name") { details.name = $0 }
            set(self.sector, "sector") { details.sector = $0 }
            set(self.street, "street") { details.street = $0 }
            set(self.postalCode, "postal_code") { details.postalCode = $0 }
            set(self.commune, "commune") { details.commune = $0 }
            set(self.latitude, "latitude") { details.latitude = $0 }
            set(self.longitude, "longitude") { details.longitude = $0 }
            set(self.basin.isEmpty ? nil : self.basin, "basin_ids") { details.basinIds = $0 }
            details.updateMask = Google_Protobuf_FieldMask(protoPaths: paths)
            return details
        }
    }

    static func table(_ companies: [Polestage_Admin_V1_Company]) -> Table {
        var table = Table("SIRET", "NOM", "SECTEUR (NAF)", "COMMUNE", "BASSINS")
        for company in companies.map(\.details) {
            table.add(
                company.siret,
                company.name,
                company.sector,
                company.commune,
                company.basinIds.joined(separator: ",")
            )
        }
        return table
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a company to the directory.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var fields: Fields

        func run() async throws {
            let company = try await self.connection.withAdmin { admin, metadata in
                try await admin.createCompany(self.fields.details, metadata: metadata)
            }
            try self.connection.show(company) { CompanyCommand.table([$0]) }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the fields of a company that are given; the others keep their value."
        )
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var fields: UpdateFields

        func run() async throws {
            let company = try await self.connection.withAdmin { admin, metadata in
                try await admin.updateCompany(self.fields.details, metadata: metadata)
            }
            try self.connection.show(company) { CompanyCommand.table([$0]) }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Search the directory by name or SIRET.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Part of the name, or the start of the SIRET; nothing for all.") var query = ""
        @Option(help: "Only companies working with this basin.") var basin = ""
        @Option(help: "Results per page (1 to 200).") var pageSize: Int32 = 50
        @Option(help: "The next page's token, from the previous page.") var pageToken = ""

        func run() async throws {
            let list = try await self.connection.withAdmin { admin, metadata in
                try await admin.searchCompanies(
                    .with {
                        $0.query = self.query
                        $0.basinID = self.basin
                        $0.pageSize = self.pageSize
                        $0.pageToken = self.pageToken
                    },
                    metadata: metadata
                )
            }
            try self.connection.show(list) { CompanyCommand.table($0.companies) }
            if !self.connection.json, !list.nextPageToken.isEmpty {
                Console.error("more: --page-token \(list.nextPageToken)")
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import companies from a CSV file.",
            discussion: "Header: SIRET,name,sector,street,postal_code,commune,latitude,longitude,basins (basins: a;b)"
        )
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Import nothing if any line is bad.") var allOrNothing = false

        func run() async throws {
            let report = try await self.connection.withAdmin { admin, metadata in
                try await CSVFileImport(path: self.file, allOrNothing: self.allOrNothing).run { request in
                    try await admin.importCompanies(request, metadata: metadata)
                }
            }
            try CSVFileImport.finish(report, on: self.connection)
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge a duplicate entry into the kept one: its offers move in every basin."
        )
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The SIRET that stays.") var kept: String
        @Argument(help: "The SIRET that goes.") var duplicate: String

        func run() async throws {
            let report = try await self.connection.withAdmin { admin, metadata in
                try await admin.mergeCompanies(
                    .with {
                        $0.keptSiret = self.kept
                        $0.duplicateSiret = self.duplicate
                    },
                    metadata: metadata
                )
            }
            try self.connection.show(report) { report in
                var table = Table("CONSERVÉE", "NOM", "OFFRES DÉPLACÉES", "CONTACTS DÉPLACÉS")
                table.add(
                    report.kept.details.siret,
                    report.kept.details.name,
                    "\(report.offersMoved)",
                    "\(report.contactsMoved)"
                )
                return table
            }
        }
    }
}
