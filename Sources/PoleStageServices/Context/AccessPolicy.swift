package import GRPCCore
package import PoleStageAuth
import PoleStageProto

/// Who may call a method, and what the method does, for the refusal that names it.
package struct AccessRule: Sendable, Equatable {
    /// The roles that may call the method. What a role may then do with which basin, school, company or pupil is the
    /// service's own check (``AccessDenied/notYours(_:)``).
    package let roles: Set<Role>
    /// What the method does, as a refusal says it: « le rôle « établissement » ne peut pas créer une offre ».
    package let action: String

    init(_ roles: Set<Role>, _ action: String) {
        self.roles = roles
        self.action = action
    }
}

/// The one table of who may call each method: ``RequestContext/current()`` checks it for the method being served,
/// before a service reads its caller. A method that is not in it is refused to everyone. `docs/tenancy.md`'s tables
/// say the same, and a test holds the two together.
package enum AccessPolicy {
    /// The methods served without a token: a pupil's one-time code is its own credential.
    package static let publicMethods: Set<MethodDescriptor> = [
        Polestage_Placements_V1_SignInService.Method.RedeemSignInCode.descriptor
    ]

    /// Whether `method` is served without a token.
    package static func isPublic(_ method: MethodDescriptor) -> Bool {
        self.publicKeys.contains(MethodKey(method))
    }

    /// The rule of `method`; `nil` when it has none (it is refused).
    ///
    /// Methods are looked up by service and name: a descriptor a transport makes from a request's path does not know
    /// the method's type, which the generated descriptors carry (and `MethodDescriptor` compares). The key is made of
    /// the descriptor's own strings: a call builds no path to look its rule up.
    package static func rule(for method: MethodDescriptor) -> AccessRule? {
        self.rulesByKey[MethodKey(method)]
    }

    /// A method as service and name, without its RPC type.
    private struct MethodKey: Hashable {
        let service: String
        let method: String

        init(_ descriptor: MethodDescriptor) {
            self.service = descriptor.service.fullyQualifiedService
            self.method = descriptor.method
        }
    }

    private static let publicKeys = Set(publicMethods.map(MethodKey.init))
    private static let rulesByKey = Dictionary(uniqueKeysWithValues: rules.map { (MethodKey($0.key), $0.value) })

    private static let everyone = Set(Role.allCases)
    private static let staff: Set<Role> = [.coordinator, .animator]
    private static let staffAndCompany: Set<Role> = [.coordinator, .animator, .company]
    private static let staffAndSchool: Set<Role> = [.coordinator, .animator, .school]

    typealias Offers = Polestage_Offers_V1_OfferService.Method
    typealias Reservations = Polestage_Reservations_V1_ReservationService.Method
    typealias Calendar = Polestage_Calendar_V1_CalendarService.Method
    typealias Contacts = Polestage_Contacts_V1_ContactService.Method
    typealias Pupils = Polestage_Placements_V1_PupilService.Method
    typealias Applications = Polestage_Placements_V1_ApplicationService.Method
    typealias Inbox = Polestage_Placements_V1_InboxService.Method
    typealias Admin = Polestage_Admin_V1_AdminService.Method
    typealias Practice = Polestage_Practice_V1_PracticeService.Method

    /// Every rule, by method.
    package static let rules: [MethodDescriptor: AccessRule] = [
        Offers.CreateOffer.descriptor: AccessRule(staffAndCompany, "créer une offre"),
        Offers.UpdateOffer.descriptor: AccessRule(staffAndCompany, "modifier une offre"),
        Offers.PublishOffer.descriptor: AccessRule(staffAndCompany, "publier une offre"),
        Offers.WithdrawOffer.descriptor: AccessRule(staffAndCompany, "retirer une offre"),
        Offers.GetOffer.descriptor: AccessRule(everyone, "lire une offre"),
        Offers.SearchOffers.descriptor: AccessRule(everyone, "chercher parmi les offres"),
        Offers.Subscribe.descriptor: AccessRule(everyone, "suivre les changements des offres"),
        Offers.GetPresence.descriptor: AccessRule(staff, "lire la présence des abonnés"),

        Reservations.RequestSeat.descriptor: AccessRule([.school], "demander une place"),
        Reservations.ConfirmReservation.descriptor: AccessRule(staffAndCompany, "confirmer une réservation"),
        Reservations.DeclineReservation.descriptor: AccessRule(staffAndCompany, "refuser une réservation"),
        Reservations.CancelReservation.descriptor: AccessRule(staffAndSchool, "annuler une réservation"),
        Reservations.ListSchoolReservations.descriptor: AccessRule(
            staffAndSchool,
            "lister les réservations d'un établissement"
        ),
        Reservations.ListOfferReservations.descriptor: AccessRule(
            staffAndCompany,
            "lister les réservations d'une offre"
        ),

        Calendar.SetSchoolPeriods.descriptor: AccessRule(staffAndSchool, "déclarer les périodes d'un établissement"),
        Calendar.GetSchoolCalendar.descriptor: AccessRule(
            staffAndSchool.union([.pupil]),
            "lire le calendrier d'un établissement"
        ),
        Calendar.GetBasinCalendar.descriptor: AccessRule(
            staffAndSchool.union([.company]),
            "lire le calendrier du bassin"
        ),
        Calendar.GetLoad.descriptor: AccessRule(
            staffAndSchool.union([.company]),
            "lire la charge du calendrier du bassin"
        ),

        Contacts.AddContact.descriptor: AccessRule(staffAndCompany, "ajouter un contact"),
        Contacts.UpdateContact.descriptor: AccessRule(staffAndCompany, "modifier un contact"),
        Contacts.RemoveContact.descriptor: AccessRule(staffAndCompany, "retirer un contact"),
        Contacts.ListContacts.descriptor: AccessRule(staffAndSchool.union([.company]), "lister les contacts"),

        Pupils.SavePupil.descriptor: AccessRule([.school], "modifier la liste des élèves d'un établissement"),
        Pupils.ImportPupils.descriptor: AccessRule([.school], "modifier la liste des élèves d'un établissement"),
        Pupils.GetRoster.descriptor: AccessRule([.school], "lire la liste des élèves d'un établissement"),
        Pupils.ExportPupil.descriptor: AccessRule([.school], "exporter les données d'un élève"),
        Pupils.DeletePupil.descriptor: AccessRule([.school], "supprimer un élève"),
        Pupils.IssueSignInCode.descriptor: AccessRule([.school], "donner un code de connexion"),

        Applications.Apply.descriptor: AccessRule([.school, .pupil], "candidater à un stage"),
        Applications.AcceptApplication.descriptor: AccessRule(staffAndCompany, "accepter une candidature"),
        Applications.DeclineApplication.descriptor: AccessRule(staffAndCompany, "refuser une candidature"),
        Applications.WithdrawApplication.descriptor: AccessRule(
            staffAndSchool.union([.pupil]),
            "retirer une candidature"
        ),
        Applications.ListApplications.descriptor: AccessRule(everyone, "lister les candidatures"),
        Applications.GetFollowUp.descriptor: AccessRule(staffAndSchool, "suivre les stages du bassin"),
        Applications.GetPlacementRules.descriptor: AccessRule(everyone, "lire les règles de candidature du bassin"),
        Applications.SetPlacementRules.descriptor: AccessRule(staff, "changer les règles de candidature du bassin"),
        Applications.ListBoardingHouses.descriptor: AccessRule(
            staffAndSchool.union([.pupil]),
            "lister les internats du bassin"
        ),
        Applications.SaveBoardingHouse.descriptor: AccessRule(staff, "changer les internats du bassin"),

        Inbox.ListInbox.descriptor: AccessRule(everyone, "lire une messagerie"),
        Inbox.MarkRead.descriptor: AccessRule(everyone, "marquer des messages comme lus"),
        Inbox.WatchInbox.descriptor: AccessRule(everyone, "suivre une messagerie"),

        Practice.SaveResource.descriptor: AccessRule(staff, "écrire une ressource de bonnes pratiques"),
        Practice.DeleteResource.descriptor: AccessRule(staff, "supprimer une ressource de bonnes pratiques"),
        Practice.AttachFile.descriptor: AccessRule(staff, "joindre un fichier à une ressource de bonnes pratiques"),
        Practice.RemoveAttachment.descriptor: AccessRule(
            staff,
            "retirer un fichier d'une ressource de bonnes pratiques"
        ),
        Practice.GetResource.descriptor: AccessRule(
            staffAndSchool.union([.company]),
            "lire les ressources de bonnes pratiques"
        ),
        Practice.GetAttachment.descriptor: AccessRule(
            staffAndSchool.union([.company]),
            "lire les ressources de bonnes pratiques"
        ),
        Practice.SearchResources.descriptor: AccessRule(
            staffAndSchool.union([.company]),
            "chercher parmi les ressources de bonnes pratiques"
        ),
        Practice.WatchResources.descriptor: AccessRule(
            staffAndSchool.union([.company]),
            "suivre les ressources de bonnes pratiques"
        ),

        Admin.CreateBasin.descriptor: AccessRule([.coordinator], "créer un bassin"),
        Admin.RenameBasin.descriptor: AccessRule([.coordinator], "renommer un bassin"),
        Admin.ArchiveBasin.descriptor: AccessRule([.coordinator], "archiver un bassin"),
        Admin.ListBasins.descriptor: AccessRule(staff, "lister les bassins"),
        Admin.CreateUser.descriptor: AccessRule([.coordinator], "créer un utilisateur"),
        Admin.AssignAnimator.descriptor: AccessRule([.coordinator], "affecter un animateur"),
        Admin.DeactivateUser.descriptor: AccessRule([.coordinator], "désactiver un utilisateur"),
        Admin.IssueToken.descriptor: AccessRule([.coordinator], "émettre un jeton"),
        Admin.RevokeToken.descriptor: AccessRule([.coordinator], "révoquer un jeton"),
        Admin.ListTokens.descriptor: AccessRule([.coordinator], "lister les jetons"),
        Admin.InviteUser.descriptor: AccessRule(staff, "inviter un utilisateur"),
        Admin.CreateSchool.descriptor: AccessRule(staff, "créer un établissement"),
        Admin.UpdateSchool.descriptor: AccessRule(staff, "modifier un établissement"),
        Admin.ImportSchools.descriptor: AccessRule(staff, "importer des établissements"),
        Admin.CreateCompany.descriptor: AccessRule(staff, "créer une entreprise"),
        Admin.UpdateCompany.descriptor: AccessRule(staff, "modifier une entreprise"),
        Admin.SearchCompanies.descriptor: AccessRule(staff, "chercher dans l'annuaire des entreprises"),
        Admin.ImportCompanies.descriptor: AccessRule([.coordinator], "importer des entreprises"),
        Admin.MergeCompanies.descriptor: AccessRule([.coordinator], "fusionner des entreprises"),
        Admin.GetStatistics.descriptor: AccessRule(staff, "lire les statistiques"),
        Admin.ListAudit.descriptor: AccessRule(staff, "lire le journal d'audit"),
        Admin.Backup.descriptor: AccessRule([.coordinator], "sauvegarder les stockages"),
        Admin.PurgeEndedSchoolYears.descriptor: AccessRule(
            [.coordinator],
            "supprimer les élèves des années scolaires terminées"
        ),
    ]
}
