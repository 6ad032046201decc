import Foundation
import PoleStageProto
import PoleStageStore
import SwiftProtobuf

/// Who reads an application: what it shows depends on it.
enum ApplicationViewer {
    /// The pupil itself, or its school: everything.
    case pupilOrSchool
    /// The offer's company: the pupil and its school only once accepted.
    case company
    /// The animator or the coordination: the school and the roster id, never the pupil's reference.
    case staff
}

extension Application {
    func proto(for viewer: ApplicationViewer) -> Polestage_Placements_V1_Application {
        .with {
            $0.id = self.id
            $0.offerID = self.offer
            $0.offerTitle = self.offerTitle
            $0.companyName = self.companyName
            $0.level = self.level.proto
            $0.fromWeek = self.from.proto
            $0.toWeek = self.to.proto
            $0.motivation = self.motivation
            $0.needs = .with {
                $0.needsAccessible = self.needsAccessible
                $0.mobility = self.mobility.proto
            }
            $0.madeBy = self.madeBy == .pupil ? .pupil : .school
            $0.status = self.state.proto
            if let reason = self.declineReason { $0.declineReason = reason.proto }
            $0.declineNote = self.declineNote ?? ""
            $0.createdAtUnixMs = self.createdAt
            // Where the pupil sleeps is its school's and the basin's business, not the company's.
            if viewer != .company { $0.boardingHouseID = self.boardingHouse ?? 0 }
            $0.expiresAtUnixMs = self.expiresAt
            $0.decidedAtUnixMs = self.decidedAt ?? 0
            $0.schoolYear = self.schoolYear.description
            let showPupil: Bool
            let showSchool: Bool
            switch viewer {
            case .pupilOrSchool: (showPupil, showSchool) = (true, true)
            case .company: (showPupil, showSchool) = (self.state == .accepted, self.state == .accepted)
            case .staff: (showPupil, showSchool) = (false, true)
            }
            if showPupil { $0.pupilRef = self.pupilRef.rawValue }
            if showSchool {
                $0.schoolUai = self.school.rawValue
                $0.pupilID = self.pupil
            }
        }
    }
}

extension ApplicationState {
    var proto: Polestage_Placements_V1_ApplicationStatus {
        switch self {
        case .pending: .pending
        case .accepted: .accepted
        case .declined: .declined
        case .withdrawn: .withdrawn
        case .expired: .expired
        }
    }
}

extension DeclineReason {
    var proto: Polestage_Placements_V1_DeclineReason {
        switch self {
        case .seatsFilled: .seatsFilled
        case .tutorUnavailable: .tutorUnavailable
        case .datesUnsuitable: .datesUnsuitable
        case .trainingMismatch: .trainingMismatch
        case .other: .other
        case .offerWithdrawn: .offerWithdrawn
        }
    }

    init(validating reason: Polestage_Placements_V1_DeclineReason, field: String) throws(InvalidField) {
        switch reason {
        case .seatsFilled: self = .seatsFilled
        case .tutorUnavailable: self = .tutorUnavailable
        case .datesUnsuitable: self = .datesUnsuitable
        case .trainingMismatch: self = .trainingMismatch
        case .other: self = .other
        case .offerWithdrawn:
            throw InvalidField(field, "est donné par le pôle quand une offre est retirée : retirez plutôt l'offre")
        case .unspecified:
            throw InvalidField(
                field,
                "un motif est requis : places pourvues, pas de tuteur, semaines qui ne conviennent pas, "
                    + "activité sans rapport avec la formation, ou autre avec une note"
            )
        case .UNRECOGNIZED(let value): throw InvalidField(field, "motif inconnu \(value)")
        }
    }
}

extension Mobility {
    var proto: Polestage_Placements_V1_Mobility {
        .with {
            $0.maxKm = Int32(self.maxKm ?? 0)
            $0.publicTransportOnly = self.publicTransportOnly
        }
    }
}

extension Pupil {
    func proto(state: PlacementState? = nil, pending: Int = 0) -> Polestage_Placements_V1_Pupil {
        .with {
            $0.id = self.id
            $0.schoolUai = self.school.rawValue
            $0.schoolYear = self.schoolYear.description
            $0.details = self.details.proto
            $0.pendingApplications = Int32(pending)
            switch state {
            case nil: break
            case .nothingYet: $0.state = .nothingYet
            case .pending: $0.state = .pending
            case .placed(let application):
                $0.state = .placed
                $0.placement = .with {
                    $0.applicationID = application.id
                    $0.offerID = application.offer
                    $0.offerTitle = application.offerTitle
                    $0.companyName = application.companyName
                    $0.fromWeek = application.from.proto
                    $0.toWeek = application.to.proto
                }
            }
        }
    }
}

extension RosterEntry {
    var proto: Polestage_Placements_V1_Pupil { self.pupil.proto(state: self.state, pending: self.pendingApplications) }
}

extension PupilDetails {
    var proto: Polestage_Placements_V1_PupilDetails {
        .with {
            $0.ref = self.ref.rawValue
            $0.className = self.className
            $0.level = self.level.proto
            $0.needsAccessible = self.needsAccessible
            if !self.needs.isEmpty { $0.needs = .init(self.needs) }
            $0.mobility = self.mobility.proto
            $0.qpv = self.qpv
            $0.gender =
                switch self.gender {
                case nil: .unspecified
                case .female: .female
                case .male: .male
                case .other: .other
                }
        }
    }

    /// Every field that breaks its rule, reported at once.
    init(validating details: Polestage_Placements_V1_PupilDetails, field: String) throws(InvalidFields) {
        var checks = FieldChecks()
        let ref = checks.check { () throws(InvalidField) in
            guard let ref = PupilRef(details.ref) else {
                throw InvalidField(
                    "\(field).ref",
                    "doit être une référence pseudonyme : 4 à 32 lettres, chiffres, « - » ou « _ », dont un chiffre (jamais un nom)"
                )
            }
            return ref
        }
        let className = details.className.trimmingCharacters(in: .whitespaces)
        if !PupilDetails.isClassName(className) {
            checks.fail(
                InvalidField("\(field).class_name", "doit faire 1 à 16 lettres, chiffres, espaces ou « - », comme 3eB")
            )
        }
        let level = checks.check { () throws(InvalidField) in
            try Level(validating: details.level, field: "\(field).level")
        }
        let maxKm = Int(details.mobility.maxKm)
        if !(0...300).contains(maxKm) {
            checks.fail(InvalidField("\(field).mobility.max_km", "doit être de 0 (non donné) à 300"))
        }
        let gender: Gender? =
            checks.check { () throws(InvalidField) -> Gender? in
                switch details.gender {
                case .unspecified: return nil
                case .female: return .female
                case .male: return .male
                case .other: return .other
                case .UNRECOGNIZED(let value): throw InvalidField("\(field).gender", "genre inconnu \(value)")
                }
            } ?? nil
        guard checks.failures.isEmpty, let ref, let level else { throw InvalidFields(checks.failures) }
        self.init(
            ref: ref,
            className: className,
            level: level,
            needsAccessible: details.needsAccessible,
            needs: Set(accessibility: details.needs),
            mobility: Mobility(
                maxKm: maxKm == 0 ? nil : maxKm,
                publicTransportOnly: details.mobility.publicTransportOnly
            ),
            qpv: details.qpv,
            gender: gender
        )
    }
}

extension PlacementRules {
    var proto: Polestage_Placements_V1_PlacementRules {
        .with {
            $0.maxPendingApplications = Int32(self.maxPendingApplications)
            $0.pendingDays = Int32(self.pendingDays)
            $0.priorityGroups = .with { list in
                list.groups = PriorityGroup.allCases.filter(self.priorityGroups.contains).map(\.proto)
            }
            $0.priorityWindowDays = Int32(self.priorityWindowDays)
            $0.reservedSharePercent = Int32(self.reservedSharePercent)
            $0.reservedReleaseDays = Int32(self.reservedReleaseDays)
        }
    }

    /// The rules a Set request asks for: its first two fields, and each later one it sets over `current`.
    init(validating rules: Polestage_Placements_V1_PlacementRules, current: PlacementRules) throws(InvalidFields) {
        var checks = FieldChecks()
        self = current
        func bounded(_ value: Int32, _ range: ClosedRange<Int>, _ field: String) -> Int {
            if !range.contains(Int(value)) {
                checks.fail(InvalidField(field, "doit être de \(range.lowerBound) à \(range.upperBound)"))
            }
            return Int(value)
        }
        self.maxPendingApplications = bounded(
            rules.maxPendingApplications,
            Self.maxPendingRange,
            "max_pending_applications"
        )
        self.pendingDays = bounded(rules.pendingDays, Self.pendingDaysRange, "pending_days")
        if rules.hasPriorityGroups {
            var groups: Set<PriorityGroup> = []
            for group in rules.priorityGroups.groups {
                guard let known = PriorityGroup(group) else {
                    checks.fail(
                        InvalidField(
                            "priority_groups",
                            "la valeur \(group.rawValue) ne désigne aucun groupe : utilisez REP, REP_PLUS, RURAL, QPV ou NEEDS"
                        )
                    )
                    continue
                }
                groups.insert(known)
            }
            self.priorityGroups = groups
        }
        if rules.hasPriorityWindowDays {
            self.priorityWindowDays = bounded(
                rules.priorityWindowDays,
                Self.priorityWindowRange,
                "priority_window_days"
            )
        }
        if rules.hasReservedSharePercent {
            self.reservedSharePercent = bounded(
                rules.reservedSharePercent,
                Self.reservedShareRange,
                "reserved_share_percent"
            )
        }
        if rules.hasReservedReleaseDays {
            self.reservedReleaseDays = bounded(
                rules.reservedReleaseDays,
                Self.reservedReleaseRange,
                "reserved_release_days"
            )
        }
        guard checks.failures.isEmpty else { throw InvalidFields(checks.failures) }
    }

    /// What changes from `old` to these rules, as the audit log keeps it: `field old>new`, or `unchanged`.
    func changes(from old: PlacementRules) -> String {
        func groups(_ set: Set<PriorityGroup>) -> String {
            set.isEmpty ? "none" : PriorityGroup.allCases.filter(set.contains).map(\.rawValue).joined(separator: "+")
        }
        let fields: [(String, String, String)] = [
            ("pending", "\(old.maxPendingApplications)", "\(self.maxPendingApplications)"),
            ("days", "\(old.pendingDays)", "\(self.pendingDays)"),
            ("groups", groups(old.priorityGroups), groups(self.priorityGroups)),
            ("window", "\(old.priorityWindowDays)", "\(self.priorityWindowDays)"),
            ("share", "\(old.reservedSharePercent)", "\(self.reservedSharePercent)"),
            ("release", "\(old.reservedReleaseDays)", "\(self.reservedReleaseDays)"),
        ]
        let changed = fields.filter { $0.1 != $0.2 }.map { "\($0.0) \($0.1)>\($0.2)" }
        return changed.isEmpty ? "unchanged" : changed.joined(separator: ", ")
    }
}

extension PriorityGroup {
    var proto: Polestage_Placements_V1_PriorityGroup {
        switch self {
        case .rep: .rep
        case .repPlus: .repPlus
        case .rural: .rural
        case .qpv: .qpv
        case .needs: .needs
        }
    }

    init?(_ proto: Polestage_Placements_V1_PriorityGroup) {
        switch proto {
        case .rep: self = .rep
        case .repPlus: self = .repPlus
        case .rural: self = .rural
        case .qpv: self = .qpv
        case .needs: self = .needs
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}
