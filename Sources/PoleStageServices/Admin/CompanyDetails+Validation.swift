import Foundation
import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension Company {
    /// Validates a company's fields, reporting every field that breaks its rule; basins are checked for their form
    /// only (the store checks they exist).
    ///
    /// - Parameter name: The name a field goes by in messages: its `.proto` name, or its CSV column.
    init(
        validating details: Polestage_Admin_V1_CompanyDetails,
        name: (String) -> String = { $0 }
    ) throws(InvalidFields) {
        var checks = FieldChecks()
        let siret = checks.check { () throws(InvalidField) in try SIRET(validating: details.siret, field: name("siret"))
        }
        let companyName = checks.check { () throws(InvalidField) in
            try Text.required(details.name, field: name("name"), max: 200)
        }
        let sector = details.sector.trimmingCharacters(in: .whitespaces).uppercased()
        if !Self.isNAFCode(sector) {
            checks.fail(
                InvalidField(name("sector"), "« \(details.sector.prefix(16)) » n'est pas un code NAF, comme 56.10A")
            )
        }
        let street = checks.check { () throws(InvalidField) in
            try Text.required(details.street, field: name("street"), max: 200)
        }
        let postalCode = details.postalCode.trimmingCharacters(in: .whitespaces)
        if !(postalCode.count == 5 && postalCode.allSatisfy({ $0.isASCII && $0.isNumber })) {
            checks.fail(InvalidField(name("postal_code"), "doit faire cinq chiffres"))
        }
        let commune = checks.check { () throws(InvalidField) in
            try Text.required(details.commune, field: name("commune"), max: 100)
        }
        let location = checks.location(details.latitude, details.longitude, field: name("latitude"))
        var basins: Set<BasinID> = []
        for (index, basin) in details.basinIds.enumerated() {
            if let id = checks.check({ () throws(InvalidField) in
                try BasinID(validating: basin, field: "\(name("basin_ids"))[\(index)]")
            }) {
                basins.insert(id)
            }
        }
        try checks.finish()
        guard let siret, let companyName, let street, let commune, let location else {
            // Unreachable: each nil kept a failure.
            throw InvalidFields([InvalidField(name("siret"), "n'est pas valide")])
        }
        self.init(
            siret: siret,
            name: companyName,
            sector: sector,
            street: street,
            postalCode: postalCode,
            commune: commune,
            location: location,
            basins: basins
        )
    }

    /// Two digits, a dot, two digits and a capital letter: `56.10A`.
    static func isNAFCode(_ code: String) -> Bool {
        let characters = Array(code)
        guard characters.count == 6, characters[2] == "." else { return false }
        let digits = [characters[0], characters[1], characters[3], characters[4]]
        return digits.allSatisfy { $0.isASCII && $0.isNumber } && characters[5].isASCII && characters[5].isUppercase
    }

    var proto: Polestage_Admin_V1_Company {
        .with {
            $0.details = .with {
                $0.siret = self.siret.rawValue
                $0.name = self.name
                $0.sector = self.sector
                $0.street = self.street
                $0.postalCode = self.postalCode
                $0.commune = self.commune
                $0.latitude = self.location.latitude
                $0.longitude = self.location.longitude
                $0.basinIds = self.basins.sorted().map(\.rawValue)
            }
        }
    }
}
