import Foundation
package import GRPCCore
import PoleStageAuth
package import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension AdminService {
    /// The columns of a school import, in order.
    static let schoolColumns = [
        "UAI", "name", "type", "commune", "basin", "rep", "rep_plus", "rural", "latitude", "longitude",
    ]

    package func createSchool(
        request: Polestage_Admin_V1_SchoolDetails,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_School {
        try await self.audited(
            basin: request.basinID,
            target: "school \(Self.auditID(request.uai))"
        ) { caller in
            let school = try School(validating: request)
            try Self.checkScope(caller, basin: school.basin)
            try await self.academy.createSchool(school)
            return school.proto
        }
    }

    package func updateSchool(
        request: Polestage_Admin_V1_SchoolDetails,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_School {
        try await self.audited(
            basin: request.basinID,
            target: "school \(Self.auditID(request.uai))"
        ) { caller in
            let uai = try UAI(validating: request.uai, field: "uai")
            // Only the fields named change: the others keep their stored value (a renamed rural school stays rural).
            // The fields given are checked before any read: a bad value is INVALID_ARGUMENT even for an unknown school.
            _ = try School(validating: try request.applied(to: Polestage_Admin_V1_SchoolDetails.template(uai.rawValue)))
            let school = try await self.academy.updateSchool(uai) { current in
                try Self.checkScope(caller, basin: current.basin)
                let school = try School(validating: try request.applied(to: current.proto.details))
                try Self.checkScope(caller, basin: school.basin)
                return school
            }
            return school.proto
        }
    }

    package func importSchools(
        request: Polestage_Admin_V1_ImportRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_ImportReport {
        try await self.audited(
            target: "schools import",
            outcome: \.auditOutcome
        ) { caller in
            let basins = Dictionary(uniqueKeysWithValues: try await self.academy.basins().map { ($0.id, $0) })
            let existing = Dictionary(uniqueKeysWithValues: try await self.academy.allSchools().map { ($0.uai, $0) })
            let csv = CSVImport<School>(columns: Self.schoolColumns, keyColumn: "UAI", key: \.uai.rawValue) { record in
                let school = try Self.school(record)
                guard let basin = basins[school.basin] else {
                    throw InvalidField("basin", "aucun bassin « \(school.basin) »")
                }
                guard !basin.archived else { throw InvalidField("basin", "le bassin \(basin.id) est archivé") }
                try Self.checkScope(caller, basin: school.basin)
                if let current = existing[school.uai] { try Self.checkScope(caller, basin: current.basin) }
                return school
            }
            return try await csv.run(request) { schools in try await self.academy.importSchools(schools) }
        }
    }

    /// A CSV line as a school: messages name the CSV's columns, and every column that breaks its rule.
    static func school(_ record: CSVTable.Record) throws -> School {
        let fields = record.fields
        guard fields.count == Self.schoolColumns.count else {
            throw InvalidField("line", "a \(fields.count) colonnes, \(Self.schoolColumns.count) attendues")
        }
        var cells = FieldChecks()
        let flag = { (index: Int, column: String) in
            cells.check { () throws(InvalidField) in try CSVCell.bool(fields[index], column: column) } ?? false
        }
        let rep = flag(5, "rep")
        let repPlus = flag(6, "rep_plus")
        let rural = flag(7, "rural")
        let latitude = cells.check { () throws(InvalidField) in try CSVCell.double(fields[8], column: "latitude") }
        let longitude = cells.check { () throws(InvalidField) in try CSVCell.double(fields[9], column: "longitude") }
        let details = Polestage_Admin_V1_SchoolDetails.with {
            $0.uai = fields[0].trimmingCharacters(in: .whitespaces)
            $0.name = fields[1]
            $0.type = fields[2].trimmingCharacters(in: .whitespaces)
            $0.commune = fields[3]
            $0.basinID = fields[4].trimmingCharacters(in: .whitespaces)
            $0.rep = rep
            $0.repPlus = repPlus
            $0.rural = rural
            // An unreadable coordinate has its own reason: the location is then not reported as missing too.
            $0.latitude = latitude ?? (longitude == nil ? 1 : 0.5)
            $0.longitude = longitude ?? 1
        }
        let columns = ["uai": "UAI", "basin_id": "basin"]
        return try Self.combining(cells) { () throws(InvalidFields) in
            try School(validating: details) { columns[$0] ?? $0 }
        }
    }

    /// The row `validate` makes when the cells read well; otherwise every failure of both, the cells' first.
    static func combining<Row>(_ cells: FieldChecks, _ validate: () throws(InvalidFields) -> Row) throws(InvalidFields)
        -> Row
    {
        let row: Row
        do {
            row = try validate()
        } catch {
            throw InvalidFields(cells.failures + error.fields)
        }
        try cells.finish()
        return row
    }
}
