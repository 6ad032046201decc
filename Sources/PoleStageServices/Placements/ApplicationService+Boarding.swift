package import GRPCCore
package import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension ApplicationService {
    package func listBoardingHouses(
        request: Polestage_Placements_V1_ListBoardingHousesRequest,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_BoardingHouseList {
        let (_, tenant) = try RequestContext.inBasin()
        let houses = try await tenant.store.boardingHouses()
        return .with { $0.houses = houses.map(\.proto) }
    }

    package func saveBoardingHouse(
        request: Polestage_Placements_V1_SaveBoardingHouseRequest,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_BoardingHouse {
        let (_, tenant) = try RequestContext.inBasin()
        guard request.id >= 0 else {
            throw InvalidField("id", "doit être 0 (un nouvel internat) ou le numéro d'un internat")
        }
        guard request.hasHouse else { throw InvalidField("house", "est requis") }
        let details = try BoardingHouseDetails(validating: request.house, field: "house")
        return try await tenant.store.saveBoardingHouse(id: request.id == 0 ? nil : request.id, details).proto
    }
}

extension BoardingHouseDetails {
    static let maxPlaces = 100

    /// Every field of a house, each within its bounds; every field at fault is named at once.
    init(validating house: Polestage_Placements_V1_BoardingHouseDetails, field: String) throws(InvalidFields) {
        var checks = FieldChecks()
        let name = checks.check { () throws(InvalidField) in
            try Text.required(house.name, field: "\(field).name", max: 120)
        }
        let commune = checks.check { () throws(InvalidField) in
            try Text.required(house.commune, field: "\(field).commune", max: 80)
        }
        let location = checks.check { () throws(InvalidField) -> GeoPoint in
            guard house.hasLocation else { throw InvalidField("\(field).location", "est requis") }
            return try GeoPoint(validating: house.location, field: "\(field).location")
        }
        let conditions = checks.check { () throws(InvalidField) in
            try Text.optional(house.conditions, field: "\(field).conditions", max: 2_000, multiline: true)
        }
        var places: [ISOWeek: Int] = [:]
        if house.places.isEmpty { checks.fail(InvalidField("\(field).places", "au moins une semaine est requise")) }
        for (index, week) in house.places.enumerated() {
            let path = "\(field).places[\(index)]"
            guard
                let iso = checks.check({ () throws(InvalidField) in
                    try ISOWeek(validating: week.week, field: "\(path).week")
                })
            else { continue }
            if !(1...Self.maxPlaces).contains(Int(week.seats)) {
                checks.fail(InvalidField("\(path).seats", "doit être de 1 à \(Self.maxPlaces) places"))
            } else if places.updateValue(Int(week.seats), forKey: iso) != nil {
                checks.fail(InvalidField("\(path).week", "la semaine \(iso) figure deux fois"))
            }
        }
        try checks.finish()
        guard let name, let commune, let location, let conditions else { throw InvalidFields(checks.failures) }
        self.init(name: name, commune: commune, location: location, conditions: conditions, places: places)
    }
}

extension BoardingHouse {
    var proto: Polestage_Placements_V1_BoardingHouse {
        .with {
            $0.id = self.id
            $0.details = .with {
                $0.name = self.details.name
                $0.commune = self.details.commune
                $0.location = self.details.location.proto
                $0.conditions = self.details.conditions
                $0.places = self.weeks.map { week in
                    .with {
                        $0.week = week.week.proto
                        $0.seats = Int32(week.places)
                    }
                }
            }
            $0.weeks = self.weeks.map { week in
                .with {
                    $0.week = week.week.proto
                    $0.places = Int32(week.places)
                    $0.taken = Int32(week.taken)
                    $0.free = Int32(week.free)
                }
            }
        }
    }
}
