import Foundation
import GRPCCore
import PoleStageProto
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf

/// Requests and CSV files for the admin service's tests.
enum AdminRequests {
    static func school(
        _ uai: UAI,
        basin: BasinID,
        name: String = "Collège Test",
        rep: Bool = false,
        rural: Bool = false
    ) -> Polestage_Admin_V1_SchoolDetails {
        .with {
            $0.uai = uai.rawValue
            $0.name = name
            $0.type = "college"
            $0.commune = "Mâcon"
            $0.basinID = basin.rawValue
            $0.rep = rep
            $0.rural = rural
            $0.latitude = 46.3069
            $0.longitude = 4.8287
        }
    }

    static func company(_ siret: SIRET, basins: [BasinID], name: String = "Menuiserie Test")
        -> Polestage_Admin_V1_CompanyDetails
    {
        .with {
            $0.siret = siret.rawValue
            $0.name = name
            $0.sector = "16.23Z"
            $0.street = "3 rue des Artisans"
            $0.postalCode = "71000"
            $0.commune = "Mâcon"
            $0.latitude = 46.3069
            $0.longitude = 4.8287
            $0.basinIds = basins.map(\.rawValue)
        }
    }

    /// A valid UAI numbered `index`.
    static func uai(_ index: Int) -> UAI {
        let body = "07" + String(format: "%05d", index)
        return UAI(body + String(UAI.checkLetter(for: body)!))!
    }

    /// A valid SIRET numbered `index`.
    static func siret(_ index: Int) -> SIRET {
        let body = "4" + String(format: "%012d", index)
        return SIRET(body + String(SIRET.checkDigit(for: body)!))!
    }

    /// A school CSV of `count` lines in `basin`; `bad` maps a data line's index to a broken line.
    static func schoolsCSV(count: Int, basin: BasinID, bad: [Int: String] = [:]) -> String {
        var lines = ["UAI,name,type,commune,basin,rep,rep_plus,rural,latitude,longitude"]
        for index in 0..<count {
            if let line = bad[index] {
                lines.append(line)
                continue
            }
            let uai = self.uai(30_000 + index)
            let flags = index % 3 == 0 ? "1,0,0" : index % 3 == 1 ? "0,1,1" : "0,0,0"
            lines.append("\(uai),\"Collège n° \(index), Saône\",college,Mâcon,\(basin),\(flags),46.30,4.82")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
