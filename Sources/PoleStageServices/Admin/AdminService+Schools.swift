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
            let basins = Dictionary(uniqueKeysWithValues: try await self.academy.basins().map { ($0.id, $0) })
            let existing = Dictionary(uniqueKeysWithValues: try await self.academy.allSchools().map { ($0.uai, $0) })
            let csv = CSVImport<School>(columns: Self.schoolColumns, keyColumn: "UAI", key: \.uai.rawValue) { record in
                let school = try Self.school(record)
                guard let basin = basins[school.basin] else {
                    throw InvalidField("basin", "no basin '\(school.basin)'")
                }
                guard !basin.archived else { throw InvalidField("basin", "basin \(basin.id) is archived") }
                try Self.checkScope(caller, basin: school.basin)
                if let current = existing[school.uai] { try Self.checkScope(caller, basin: current.basin) }
                return school
            }
            return try await csv.run(request) { schools in try await self.academy.importSchools(schools) }
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
