import ArgumentParser
import PoleStageProto
import SwiftProtobuf

/// `polestage-admin school create|update|import`.
struct SchoolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "school",
        abstract: "Create and update schools, import them from CSV.",
        subcommands: [Create.self, Update.self, Import.self]
    )

    /// A school's fields, as options.
    struct Fields: ParsableArguments {
        @Argument(help: "The school's UAI, such as 0710012C.") var uai: String
        @Option(help: "Its name.") var name: String
        @Option(help: "college, lycee-professionnel, lycee-general-technologique, lycee-agricole or erea.")
        var type = "college"
        @Option(help: "Its commune.") var commune: String
        @Option(help: "Its basin id.") var basin: String
        @Flag(help: "Éducation prioritaire: REP.") var rep = false
        @Flag(help: "Éducation prioritaire: REP+.") var repPlus = false
        @Flag(help: "A rural school.") var rural = false
        @Option(help: "Latitude (WGS 84).") var latitude: Double
        @Option(help: "Longitude (WGS 84).") var longitude: Double

        var details: Polestage_Admin_V1_SchoolDetails {
            .with {
                $0.uai = self.uai
                $0.name = self.name
                $0.type = self.type
                $0.commune = self.commune
                $0.basinID = self.basin
                $0.rep = self.rep
                $0.repPlus = self.repPlus
                $0.rural = self.rural
                $0.latitude = self.latitude
                $0.longitude = self.longitude
            }
        }
    }

    /// The fields an update names, as options: only those given change (the request's update mask).
    struct UpdateFields: ParsableArguments {
        @Argument(help: "The school's UAI, such as 0710012C.") var uai: String
        @Option(help: "Its new name.") var name: String?
        @Option(help: "college, lycee-professionnel, lycee-general-technologique, lycee-agricole or erea.")
        var type: String?
        @Option(help: "Its commune.") var commune: String?
        @Option(help: "Its basin id.") var basin: String?
        @Flag(inversion: .prefixedNo, help: "Éducation prioritaire: REP.") var rep: Bool?
        @Flag(inversion: .prefixedNo, help: "Éducation prioritaire: REP+.") var repPlus: Bool?
        @Flag(inversion: .prefixedNo, help: "A rural school.") var rural: Bool?
        @Option(help: "Latitude (WGS 84).") var latitude: Double?
        @Option(help: "Longitude (WGS 84).") var longitude: Double?

        var details: Polestage_Admin_V1_SchoolDetails {
            var paths: [String] = []
            var details = Polestage_Admin_V1_SchoolDetails()
            details.uai = self.uai
            func set<T>(_ value: T?, _ path: String, _ apply: (T) -> Void) {
                guard let value else { return }
                apply(value)
                paths.append(path)
            }
            set(self.name, "name") { details.name = $0 }
            set(self.type, "type") { details.type = $0 }
            set(self.commune, "commune") { details.commune = $0 }
            set(self.basin, "basin_id") { details.basinID = $0 }
            set(self.rep, "rep") { details.rep = $0 }
            set(self.repPlus, "rep_plus") { details.repPlus = $0 }
            set(self.rural, "rural") { details.rural = $0 }
            set(self.latitude, "latitude") { details.latitude = $0 }
            set(self.longitude, "longitude") { details.longitude = $0 }
            details.updateMask = Google_Protobuf_FieldMask(protoPaths: paths)
            return details
        }
    }

    static func table(_ school: Polestage_Admin_V1_School) -> Table {
        let details = school.details
        var table = Table("UAI", "NOM", "TYPE", "COMMUNE", "BASSIN", "INDICATEURS")
        let flags = [details.rep ? "REP" : nil, details.repPlus ? "REP+" : nil, details.rural ? "rural" : nil]
            .compactMap { $0 }.joined(separator: ",")
        table.add(details.uai, details.name, details.type, details.commune, details.basinID, flags)
        return table
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a school.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var fields: Fields

        func run() async throws {
            let school = try await self.connection.withAdmin { admin, metadata in
                try await admin.createSchool(self.fields.details, metadata: metadata)
            }
            try self.connection.show(school, table: SchoolCommand.table)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the fields of a school that are given; the others keep their value."
        )
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var fields: UpdateFields

        func run() async throws {
            let school = try await self.connection.withAdmin { admin, metadata in
                try await admin.updateSchool(self.fields.details, metadata: metadata)
            }
            try self.connection.show(school, table: SchoolCommand.table)
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import schools from a CSV file.",
            discussion: "Header: UAI,name,type,commune,basin,rep,rep_plus,rural,latitude,longitude"
        )
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Import nothing if any line is bad.") var allOrNothing = false

        func run() async throws {
            let report = try await self.connection.withAdmin { admin, metadata in
                try await CSVFileImport(path: self.file, allOrNothing: self.allOrNothing).run { request in
                    try await admin.importSchools(request, metadata: metadata)
                }
            }
            try CSVFileImport.finish(report, on: self.connection)
        }
    }
}
