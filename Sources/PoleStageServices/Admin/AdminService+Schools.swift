import Foundation
public import GRPCCore
import PoleStageAuth
public import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension AdminService {
    /// The columns of a school import, in order.
    static let schoolColumns = [
        "UAI", "name", "type", "commune", "basin", "rep", "rep_plus", "rural", "latitude", "longitude",
    ]
    /// The most lines an import may hold.
    static let maxImportLines = 100_000

    public func createSchool(
        request: Polestage_Admin_V1_SchoolDetails,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_School {
        try await self.audited(
            "CreateSchool",
            basin: request.basinID,
            target: "school \(Self.auditID(request.uai))",
            to: "create schools"
        ) { caller in
            let school = try School(validating: request)
            try Self.checkScope(caller, basin: school.basin)
            try await self.academy.createSchool(school)
            return school.proto
        }
    }

    public func updateSchool(
        request: Polestage_Admin_V1_SchoolDetails,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_School {
        try await self.audited(
            "UpdateSchool",
            basin: request.basinID,
            target: "school \(Self.auditID(request.uai))",
            to: "update schools"
        ) { caller in
            let school = try School(validating: request)
            try Self.checkScope(caller, basin: school.basin)
            try await self.academy.updateSchool(school) { current in try Self.checkScope(caller, basin: current.basin) }
            return school.proto
        }
    }

    public func importSchools(
        request: Polestage_Admin_V1_ImportRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_ImportReport {
        try await self.audited("ImportSchools", target: "schools import", to: "import schools") { caller in
            let table = try CSVTable(parsing: request.csv, field: "csv")
            let body = try table.body(expecting: Self.schoolColumns, field: "csv")
            guard body.count <= Self.maxImportLines else {
                throw InvalidField("csv", "at most \(Self.maxImportLines) lines")
            }
            let basins = Dictionary(uniqueKeysWithValues: try await self.academy.basins().map { ($0.id, $0) })
            let existing = Dictionary(uniqueKeysWithValues: try await self.academy.allSchools().map { ($0.uai, $0) })
            var report = Polestage_Admin_V1_ImportReport()
            report.lines = Int64(body.count)
            var accepted: [School] = []
            var seen: [UAI: Int] = [:]
            for record in body {
                do {
                    let school = try Self.school(record)
                    if let line = seen[school.uai] {
                        throw InvalidField("UAI", "\(school.uai) already appears on line \(line)")
                    }
                    guard let basin = basins[school.basin] else {
                        throw InvalidField("basin", "no basin '\(school.basin)'")
                    }
                    guard !basin.archived else { throw InvalidField("basin", "basin \(basin.id) is archived") }
                    try Self.checkScope(caller, basin: school.basin)
                    if let current = existing[school.uai] { try Self.checkScope(caller, basin: current.basin) }
                    seen[school.uai] = record.line
                    accepted.append(school)
                } catch {
                    report.rejected.append(
                        .with {
                            $0.line = Int64(record.line)
                            $0.reason = "\(error)"
                        }
                    )
                }
            }
            if request.allOrNothing, !report.rejected.isEmpty { return report }
            let outcome = try await self.academy.importSchools(accepted)
            report.imported = Int64(outcome.written)
            report.committed = outcome.committed
            return report
        }
    }

    /// A CSV line as a school: messages name the CSV's columns.
    static func school(_ record: CSVTable.Record) throws -> School {
        let fields = record.fields
        guard fields.count == Self.schoolColumns.count else {
            throw InvalidField("line", "has \(fields.count) columns, \(Self.schoolColumns.count) expected")
        }
        let columns = ["uai": "UAI", "basin_id": "basin"]
        let details = try Polestage_Admin_V1_SchoolDetails.with {
            $0.uai = fields[0].trimmingCharacters(in: .whitespaces)
            $0.name = fields[1]
            $0.type = fields[2].trimmingCharacters(in: .whitespaces)
            $0.commune = fields[3]
            $0.basinID = fields[4].trimmingCharacters(in: .whitespaces)
            $0.rep = try CSVCell.bool(fields[5], column: "rep")
            $0.repPlus = try CSVCell.bool(fields[6], column: "rep_plus")
            $0.rural = try CSVCell.bool(fields[7], column: "rural")
            $0.latitude = try CSVCell.double(fields[8], column: "latitude")
            $0.longitude = try CSVCell.double(fields[9], column: "longitude")
        }
        return try School(validating: details) { columns[$0] ?? $0 }
    }
}
