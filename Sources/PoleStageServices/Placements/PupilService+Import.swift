import Foundation
import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension PupilService {
    /// The header of a class's CSV file, separated by `,` or `;`.
    static let pupilColumns = ["ref", "class", "level", "accessible", "max_km", "transit_only", "qpv", "gender"]
    /// What a pupil with needs requires: features joined by `+`, in French or as codes (`plain-pied+tuteur formé`).
    static let optionalPupilColumns = ["needs"]

    /// The needs column's accepted spellings.
    static let needNames: [String: AccessFeature] = [
        "plain-pied": .stepFree, "accès de plain-pied": .stepFree, "step_free": .stepFree,
        "tâches adaptées": .adaptedTasks, "taches adaptees": .adaptedTasks, "adapted_tasks": .adaptedTasks,
        "tuteur formé": .trainedTutor, "tuteur forme": .trainedTutor, "trained_tutor": .trainedTutor,
    ]

    /// The level column's accepted spellings.
    static let levelNames: [String: Level] = [
        "3e": .observation3e, "3e prépa-métiers": .prepaMetiers3e, "3e prepa-metiers": .prepaMetiers3e,
        "prepa-metiers": .prepaMetiers3e, "segpa": .segpa, "cap": .cap, "bac pro": .bacPro, "bacpro": .bacPro,
        "bts": .bts,
    ]

    /// A CSV line as a pupil: every column that breaks its rule is reported, by the column's name.
    static func pupil(_ record: CSVTable.Record) throws -> PupilDetails {
        let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == Self.pupilColumns.count || fields.count == Self.pupilColumns.count + 1 else {
            throw InvalidField("line", "a \(fields.count) colonnes, \(Self.pupilColumns.count) attendues")
        }
        var cells = FieldChecks()
        let flag = { (index: Int, column: String) in
            cells.check { () throws(InvalidField) in try CSVCell.bool(fields[index], column: column) } ?? false
        }
        let accessible = flag(3, "accessible")
        let transitOnly = flag(5, "transit_only")
        let qpv = flag(6, "qpv")
        let level = cells.check { () throws(InvalidField) in
            guard let level = Self.levelNames[fields[2].lowercased()] else {
                throw InvalidField(
                    "level",
                    "« \(fields[2].prefix(20)) » n'est pas un niveau (3e, SEGPA, CAP, Bac Pro, BTS…)"
                )
            }
            return level
        }
        let maxKm = cells.check { () throws(InvalidField) -> Int32 in
            if fields[4].isEmpty { return 0 }
            guard let km = Int32(fields[4]) else {
                throw InvalidField("max_km", "« \(fields[4].prefix(8)) » n'est pas un nombre")
            }
            return km
        }
        let gender = cells.check { () throws(InvalidField) -> Polestage_Placements_V1_Gender in
            switch fields[7].uppercased() {
            case "": .unspecified
            case "F": .female
            case "M", "G": .male
            case "X", "A": .other
            default: throw InvalidField("gender", "doit être F, M, X ou vide")
            }
        }
        let needs = cells.check { () throws(InvalidField) -> Set<AccessFeature> in
            guard fields.count > Self.pupilColumns.count, !fields[8].isEmpty else { return [] }
            var needs: Set<AccessFeature> = []
            for name in fields[8].split(separator: "+") {
                let name = name.trimmingCharacters(in: .whitespaces).lowercased()
                guard let need = Self.needNames[name] else {
                    throw InvalidField(
                        "needs",
                        "« \(name.prefix(24)) » n'est pas un besoin : plain-pied, tâches adaptées ou tuteur formé, joints par « + »"
                    )
                }
                needs.insert(need)
            }
            return needs
        }
        let details = Polestage_Placements_V1_PupilDetails.with {
            $0.ref = fields[0]
            $0.className = fields[1]
            $0.level = level?.proto ?? .level3EObservation
            $0.needsAccessible = accessible
            if let needs, !needs.isEmpty { $0.needs = .init(needs) }
            $0.mobility = .with {
                $0.maxKm = maxKm ?? 0
                $0.publicTransportOnly = transitOnly
            }
            $0.qpv = qpv
            $0.gender = gender ?? .unspecified
        }
        let columns = ["details.ref": "ref", "details.class_name": "class", "details.mobility.max_km": "max_km"]
        return try AdminService.combining(cells) { () throws(InvalidFields) in
            do throws(InvalidFields) {
                return try PupilDetails(validating: details, field: "details")
            } catch {
                throw InvalidFields(error.fields.map { InvalidField(columns[$0.field] ?? $0.field, $0.reason) })
            }
        }
    }
}
