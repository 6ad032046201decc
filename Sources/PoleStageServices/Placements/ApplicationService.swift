import Foundation
package import GRPCCore
import PoleStageAuth
package import PoleStageProto
package import PoleStageStore
import SwiftProtobuf

/// `polestage.placements.v1.ApplicationService`: pupils and schools apply for whole periods, companies answer, the
/// basin follows up.
package struct ApplicationService: Polestage_Placements_V1_ApplicationService.SimpleServiceProtocol {
    let academy: any AcademyStorage

    package init(academy: any AcademyStorage) {
        self.academy = academy
    }

    /// The longest motivation, in characters.
    static let maxMotivation = 1_000
    static let maxNote = 500

    package func apply(
        request: Polestage_Placements_V1_ApplyRequest,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_Application {
        let (caller, tenant) = try RequestContext.inBasin()
        let pupil: Int64
        let madeBy: Applicant
        let school: UAI
        switch caller.principal {
        case .pupil(_, let own, let rosterID):
            guard let rosterID else { throw Self.notSignedIn }
            if request.pupilID != 0, request.pupilID != rosterID {
                throw AccessDenied.notYours("un élève ne candidate que pour lui-même : laissez pupil_id vide")
            }
            (pupil, madeBy, school) = (rosterID, .pupil, own)
        case .school(_, let own):
            (pupil, madeBy, school) = (try PupilService.pupilID(request.pupilID), .school, own)
        default:
            throw caller.roleRefusal
        }
        guard request.offerID > 0 else { throw InvalidField("offer_id", "est requis") }
        guard request.boardingHouseID >= 0 else {
            throw InvalidField("boarding_house_id", "doit être 0 (aucun) ou le numéro d'un internat")
        }
        var checks = FieldChecks()
        let from = checks.check { () throws(InvalidField) in
            guard request.hasFromWeek else { throw InvalidField("from_week", "est requis") }
            return try ISOWeek(validating: request.fromWeek, field: "from_week")
        }
        let to = checks.check { () throws(InvalidField) in
            guard request.hasToWeek else { throw InvalidField("to_week", "est requis") }
            return try ISOWeek(validating: request.toWeek, field: "to_week")
        }
        if let from, let to, to < from { checks.fail(InvalidField("to_week", "ne doit pas précéder from_week")) }
        if let problem = Self.motivationProblem(request.motivation) { checks.fail(InvalidField("motivation", problem)) }
        try checks.finish()
        guard let from, let to else { throw InvalidFields(checks.failures) }
        let facts = try await self.academy.priorityFacts(of: school)
        let application = try await tenant.store.apply(
            ApplicationRequest(
                offer: request.offerID,
                pupil: pupil,
                from: from,
                to: to,
                motivation: request.motivation,
                madeBy: madeBy,
                school: facts,
                boardingHouse: request.boardingHouseID == 0 ? nil : request.boardingHouseID
            )
        ) { pupil, offer in
            try PupilService.checkOwn(pupil, school: school)
            if let reserved = offer.details.reservedForSchool, reserved != school {
                throw StoreError.notFound("offre \(offer.id)")
            }
        }
        return application.proto(for: .pupilOrSchool)
    }

    package func acceptApplication(
        request: Polestage_Placements_V1_ApplicationRef,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_Application {
        try await self.decide(request.applicationID, .accept)
    }

    package func declineApplication(
        request: Polestage_Placements_V1_DeclineApplicationRequest,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_Application {
        var checks = FieldChecks()
        let reason = checks.check { () throws(InvalidField) in
            try DeclineReason(validating: request.reason, field: "reason")
        }
        let note = request.note.trimmingCharacters(in: .whitespacesAndNewlines)
        if note.count > Self.maxNote { checks.fail(InvalidField("note", "au plus \(Self.maxNote) caractères")) }
        if reason == .other, note.isEmpty {
            checks.fail(InvalidField("note", "est requise avec le motif « autre » : dites pourquoi, en quelques mots"))
        }
        try checks.finish()
        guard let reason else { throw InvalidFields(checks.failures) }
        return try await self.decide(
            request.applicationID,
            .decline(reason, note: note.isEmpty ? nil : note)
        )
    }

    package func withdrawApplication(
        request: Polestage_Placements_V1_ApplicationRef,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_Application {
        try await self.decide(request.applicationID, .withdraw)
    }

    package func listApplications(
        request: Polestage_Placements_V1_ListApplicationsRequest,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_ApplicationList {
        let (caller, tenant) = try RequestContext.inBasin()
        let store = tenant.store
        let scope: ApplicationScope
        let viewer: ApplicationViewer
        switch caller.principal {
        case .pupil(_, _, let rosterID):
            guard let rosterID else { throw Self.notSignedIn }
            guard request.offerID == 0, request.schoolUai.isEmpty, request.pupilID == 0 || request.pupilID == rosterID
            else {
                throw AccessDenied.notYours(
                    "un élève ne liste que ses propres candidatures : laissez les filtres vides"
                )
            }
            (scope, viewer) = (.pupil(rosterID), .pupilOrSchool)
        case .school(_, let own):
            if !request.schoolUai.isEmpty, UAI(request.schoolUai) != own {
                throw AccessDenied.notYours("un jeton d'établissement ne lit que les candidatures de son établissement")
            }
            if request.pupilID != 0 {
                _ = try await PupilService.ownPupil(request.pupilID, of: own, in: tenant)
                scope = .pupil(request.pupilID)
            } else {
                scope = .school(own, store.schoolYear)
            }
            viewer = .pupilOrSchool
        case .company(_, let siret):
            guard request.pupilID == 0, request.schoolUai.isEmpty else {
                throw AccessDenied.notYours(
                    "une entreprise liste les candidatures de ses offres : celles d'une offre, ou toutes"
                )
            }
            if request.offerID > 0 {
                guard let offer = try await store.offer(request.offerID) else {
                    throw StoreError.notFound("offre \(request.offerID)")
                }
                guard offer.company == siret else {
                    throw AccessDenied.notYours("l'offre \(offer.id) appartient à une autre entreprise")
                }
                scope = .offer(offer.id)
            } else {
                scope = .company(siret)
            }
            viewer = .company
        case .animator, .coordinator:
            if request.offerID > 0 {
                guard try await store.offer(request.offerID) != nil else {
                    throw StoreError.notFound("offre \(request.offerID)")
                }
                scope = .offer(request.offerID)
            } else if request.pupilID > 0 {
                scope = .pupil(request.pupilID)
            } else if !request.schoolUai.isEmpty {
                let school = try UAI(validating: request.schoolUai, field: "school_uai")
                guard let found = try await self.academy.school(school), found.basin == tenant.basin.id else {
                    throw StoreError.notFound("établissement \(school) dans le bassin \(tenant.basin.id)")
                }
                scope = .school(school, store.schoolYear)
            } else {
                throw InvalidField("offer_id", "nommez une offre, un élève ou un établissement (school_uai)")
            }
            viewer = .staff
        }
        var applications = try await store.applications(scope, liveOnly: request.liveOnly)
        // A school narrows its pupils' applications to one offer.
        if case .school = caller.principal, request.offerID > 0 {
            applications = applications.filter { $0.offer == request.offerID }
        }
        return .with { $0.applications = applications.map { $0.proto(for: viewer) } }
    }

    package func getPlacementRules(
        request: Polestage_Placements_V1_PlacementRulesRequest,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_PlacementRules {
        let (_, tenant) = try RequestContext.inBasin()
        return try await tenant.store.placementRules().proto
    }

    /// Every call is written to the académie's audit log: the rules before and after, or the refusal.
    package func setPlacementRules(
        request: Polestage_Placements_V1_PlacementRules,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_PlacementRules {
        let tenant = try RequestContext.unchecked().requireTenant()
        return try await AuditTrail.record(in: self.academy, basin: tenant.basin.id, target: "placement rules") {
            _,
            target in
            let current = try await tenant.store.placementRules()
            let rules = try PlacementRules(validating: request, current: current)
            target += ": " + rules.changes(from: current)
            return try await tenant.store.setPlacementRules(rules).proto
        }
    }
}

extension ApplicationService {
    static let notSignedIn = AccessDenied.notYours(
        "ce jeton d'élève ne désigne aucun élève inscrit : connectez-vous avec le code que votre établissement vous a donné"
    )

    /// Why a motivation cannot be sent, or `nil`: the company must not learn who the pupil is before it accepts.
    static func motivationProblem(_ text: String) -> String? {
        if text.count > Self.maxMotivation { return "au plus \(Self.maxMotivation) caractères" }
        if text.contains("@") {
            return "ne doit pas contenir d'adresse de courriel : l'entreprise apprend qui vous êtes quand elle accepte"
        }
        var run = 0
        var longest = 0
        for character in text {
            if character.isNumber {
                run += 1
                longest = max(longest, run)
            } else if character != " " && character != "." && character != "-" {
                run = 0
            }
        }
        if longest >= 8 {
            return "ne doit pas contenir de numéro de téléphone : l'entreprise apprend qui vous êtes quand elle accepte"
        }
        return nil
    }

    /// Accept and decline belong to the offer's company; withdraw to the pupil and its school; the animator and the
    /// coordination may do all three.
    func decide(_ id: Int64, _ decision: ApplicationDecision) async throws
        -> Polestage_Placements_V1_Application
    {
        let (caller, tenant) = try RequestContext.inBasin()
        guard id > 0 else { throw InvalidField("application_id", "est requis") }
        let principal = caller.principal
        if case .pupil(_, _, nil) = principal { throw Self.notSignedIn }
        let application = try await tenant.store.decide(application: id, decision) { application, offer in
            switch principal {
            case .company(_, let siret) where offer.company != siret:
                throw AccessDenied.notYours("la candidature \(application.id) porte sur l'offre d'une autre entreprise")
            case .school(_, let school) where application.school != school:
                throw StoreError.notFound("candidature \(application.id)")
            case .pupil(_, _, let rosterID) where application.pupil != rosterID:
                throw StoreError.notFound("candidature \(application.id)")
            default:
                break
            }
        }
        let viewer: ApplicationViewer =
            switch principal.role {
            case .pupil, .school: .pupilOrSchool
            case .company: .company
            case .animator, .coordinator: .staff
            }
        return application.proto(for: viewer)
    }
}
