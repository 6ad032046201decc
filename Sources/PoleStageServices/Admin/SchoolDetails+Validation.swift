import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension School {
    /// Validates a school's fields, reporting every field that breaks its rule.
    ///
    /// - Parameter name: The name a field goes by in messages: its `.proto` name, or its CSV column.
    init(
        validating details: Polestage_Admin_V1_SchoolDetails,
        name: (String) -> String = { $0 }
    ) throws(InvalidFields) {
        var checks = FieldChecks()
        let uai = checks.check { () throws(InvalidField) in try UAI(validating: details.uai, field: name("uai")) }
        let schoolName = checks.check { () throws(InvalidField) in
            try Text.required(details.name, field: name("name"), max: 200)
        }
        let kind = SchoolKind(rawValue: details.type)
        if kind == nil {
            checks.fail(
                InvalidField(
                    name("type"),
                    "doit être l'un de \(SchoolKind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            )
        }
        let commune = checks.check { () throws(InvalidField) in
            try Text.required(details.commune, field: name("commune"), max: 100)
        }
        let basin = checks.check { () throws(InvalidField) in
            try BasinID(validating: details.basinID, field: name("basin_id"))
        }
        if details.rep && details.repPlus {
            checks.fail(InvalidField(name("rep_plus"), "un établissement est REP ou REP+, pas les deux"))
        }
        let location = checks.location(details.latitude, details.longitude, field: name("latitude"))
        try checks.finish()
        guard let uai, let schoolName, let kind, let commune, let basin, let location else {
            // Unreachable: each nil kept a failure.
            throw InvalidFields([InvalidField(name("uai"), "n'est pas valide")])
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
