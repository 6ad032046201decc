import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension School {
    /// Validates a school's fields.
    ///
    /// - Parameter name: The name a field goes by in messages: its `.proto` name, or its CSV column.
    init(
        validating details: Polestage_Admin_V1_SchoolDetails,
        name: (String) -> String = { $0 }
    ) throws(InvalidField) {
        let uai = try UAI(validating: details.uai, field: name("uai"))
        let schoolName = try Text.required(details.name, field: name("name"), max: 200)
        guard let kind = SchoolKind(rawValue: details.type) else {
            throw InvalidField(
                name("type"),
                "must be one of \(SchoolKind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let commune = try Text.required(details.commune, field: name("commune"), max: 100)
        let basin = try BasinID(validating: details.basinID, field: name("basin_id"))
        guard !(details.rep && details.repPlus) else {
            throw InvalidField(name("rep_plus"), "a school is REP or REP+, not both")
        }
        guard details.latitude != 0 || details.longitude != 0 else {
            throw InvalidField(name("latitude"), "a location is required")
        }
        guard let location = GeoPoint(latitude: details.latitude, longitude: details.longitude) else {
            throw InvalidField(name("latitude"), "latitude must be within [-90, 90] and longitude within [-180, 180]")
        }
        self.init(
            uai: uai,
            name: schoolName,
            kind: kind,
            commune: commune,
            basin: basin,
            rep: details.rep,
            repPlus: details.repPlus,
            rural: details.rural,
            location: location
        )
    }

    var proto: Polestage_Admin_V1_School {
        .with {
            $0.details = .with {
                $0.uai = self.uai.rawValue
                $0.name = self.name
                $0.type = self.kind.rawValue
                $0.commune = self.commune
                $0.basinID = self.basin.rawValue
                $0.rep = self.rep
                $0.repPlus = self.repPlus
                $0.rural = self.rural
                $0.latitude = self.location.latitude
                $0.longitude = self.location.longitude
            }
        }
    }
}
