package import GRPCCore
import PoleStageAuth
package import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension AdminService {
    package func createBasin(
        request: Polestage_Admin_V1_CreateBasinRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_Basin {
        try await self.audited(
            basin: request.id,
            target: "basin \(Self.auditID(request.id))"
        ) { _ in
            let id = try BasinID(validating: request.id, field: "id")
            let name = try Text.required(request.name, field: "name", max: 100)
            guard try await self.academy.basin(id) == nil else { throw StoreError.alreadyExists("bassin \(id)") }
            // Its store first: a listed basin always has one.
            try await self.basins.createStorage(for: id)
            try await self.academy.createBasin(Basin(id: id, name: name))
            return try await self.proto(Basin(id: id, name: name), schools: 0)
        }
    }

    package func renameBasin(
        request: Polestage_Admin_V1_RenameBasinRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_Basin {
        try await self.audited(
            basin: request.basinID,
            target: "basin \(Self.auditID(request.basinID))"
        ) { _ in
            let id = try BasinID(validating: request.basinID, field: "basin_id")
            let name = try Text.required(request.name, field: "name", max: 100)
            let basin = try await self.academy.renameBasin(id, to: name)
            return try await self.proto(basin, schools: try await self.academy.schoolCounts()[id] ?? 0)
        }
    }

    package func archiveBasin(
        request: Polestage_Admin_V1_BasinRef,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_Basin {
        try await self.audited(
            basin: request.basinID,
            target: "basin \(Self.auditID(request.basinID))"
        ) { _ in
            let id = try BasinID(validating: request.basinID, field: "basin_id")
            _ = try await self.requireBasin(id)
            // The store's mark is what refuses writes: set it before the academy says the basin is archived.
            try await self.basins.prepare(id)
            try await self.basins.storage(for: id).markArchived()
            let basin = try await self.academy.archiveBasin(id)
            return try await self.proto(basin, schools: try await self.academy.schoolCounts()[id] ?? 0)
        }
    }

    package func listBasins(
        request: Polestage_Admin_V1_ListBasinsRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_BasinList {
        try await self.audited(target: "basins") { caller in
            var basins = try await self.academy.basins()
            if case .animator(_, let own) = caller.principal { basins = basins.filter { $0.id == own } }
            if !request.includeArchived { basins = basins.filter { !$0.archived } }
            let schools = try await self.academy.schoolCounts()
            var list = Polestage_Admin_V1_BasinList()
            for basin in basins {
                list.basins.append(try await self.proto(basin, schools: schools[basin.id] ?? 0))
            }
            return list
        }
    }

    /// A basin with its counts; opens its store to count the offers.
    func proto(_ basin: Basin, schools: Int) async throws -> Polestage_Admin_V1_Basin {
        try await self.basins.prepare(basin.id)
        let offers = try await self.basins.storage(for: basin.id).offerCount()
        return .with {
            $0.id = basin.id.rawValue
            $0.name = basin.name
            $0.archived = basin.archived
            $0.schoolCount = Int64(schools)
            $0.offerCount = Int64(offers)
        }
    }
}
