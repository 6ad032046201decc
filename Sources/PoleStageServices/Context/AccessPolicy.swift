package import GRPCCore
package import PoleStageAuth
import PoleStageProto

/// Who may call a method, and what the method does, for the refusal that names it.
package struct AccessRule: Sendable, Equatable {
    /// The roles that may call the method. What a role may then do with which basin, school, company or pupil is the
    /// service's own check (``AccessDenied/notYours(_:)``).
    package let roles: Set<Role>
    /// What the method does, as a refusal says it: "the school role may not create offers".
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
        Offers.CreateOffer.descriptor: AccessRule(staffAndCompany, "create offers"),
        Offers.UpdateOffer.descriptor: AccessRule(staffAndCompany, "update offers"),
        Offers.PublishOffer.descriptor: AccessRule(staffAndCompany, "publish offers"),
        Offers.WithdrawOffer.descriptor: AccessRule(staffAndCompany, "withdraw offers"),
        Offers.GetOffer.descriptor: AccessRule(everyone, "read offers"),
        Offers.SearchOffers.descriptor: AccessRule(everyone, "search offers"),
        Offers.Subscribe.descriptor: AccessRule(everyone, "subscribe to offer changes"),
        Offers.GetPresence.descriptor: AccessRule(staff, "read the presence of subscribers"),

        Reservations.RequestSeat.descriptor: AccessRule([.school], "request seats"),
        Reservations.ConfirmReservation.descriptor: AccessRule(staffAndCompany, "confirm reservations"),
        Reservations.DeclineReservation.descriptor: AccessRule(staffAndCompany, "decline reservations"),
        Reservations.CancelReservation.descriptor: AccessRule(staffAndSchool, "cancel reservations"),
        Reservations.ListSchoolReservations.descriptor: AccessRule(staffAndSchool, "list a school's reservations"),
        Reservations.ListOfferReservations.descriptor: AccessRule(staffAndCompany, "list an offer's reservations"),

        Calendar.SetSchoolPeriods.descriptor: AccessRule(staffAndSchool, "set a school's periods"),
        Calendar.GetSchoolCalendar.descriptor: AccessRule(staffAndSchool.union([.pupil]), "read a school's calendar"),
        Calendar.GetBasinCalendar.descriptor: AccessRule(staffAndSchool.union([.company]), "read the basin's calendar"),
        Calendar.GetLoad.descriptor: AccessRule(staffAndSchool.union([.company]), "read the basin's load"),

        Contacts.AddContact.descriptor: AccessRule(staffAndCompany, "add contacts"),
        Contacts.UpdateContact.descriptor: AccessRule(staffAndCompany, "update contacts"),
        Contacts.RemoveContact.descriptor: AccessRule(staffAndCompany, "remove contacts"),
        Contacts.ListContacts.descriptor: AccessRule(staffAndSchool.union([.company]), "list contacts"),

        Pupils.SavePupil.descriptor: AccessRule([.school], "change a school's roster"),
        Pupils.ImportPupils.descriptor: AccessRule([.school], "change a school's roster"),
        Pupils.GetRoster.descriptor: AccessRule([.school], "read a school's roster"),
        Pupils.ExportPupil.descriptor: AccessRule([.school], "export a pupil's data"),
        Pupils.DeletePupil.descriptor: AccessRule([.school], "delete a pupil"),
        Pupils.IssueSignInCode.descriptor: AccessRule([.school], "issue sign-in codes"),

        Applications.Apply.descriptor: AccessRule([.school, .pupil], "apply for a placement"),
        Applications.AcceptApplication.descriptor: AccessRule(staffAndCompany, "accept applications"),
        Applications.DeclineApplication.descriptor: AccessRule(staffAndCompany, "decline applications"),
        Applications.WithdrawApplication.descriptor: AccessRule(
            staffAndSchool.union([.pupil]),
            "withdraw applications"
        ),
        Applications.ListApplications.descriptor: AccessRule(everyone, "list applications"),
        Applications.GetFollowUp.descriptor: AccessRule(staffAndSchool, "follow the basin's placements"),
        Applications.GetPlacementRules.descriptor: AccessRule(everyone, "read the basin's placement rules"),
        Applications.SetPlacementRules.descriptor: AccessRule(staff, "set the basin's placement rules"),
        Applications.ListBoardingHouses.descriptor: AccessRule(
            staffAndSchool.union([.pupil]),
            "list the basin's boarding houses"
        ),
        Applications.SaveBoardingHouse.descriptor: AccessRule(staff, "change the basin's boarding houses"),

        Inbox.ListInbox.descriptor: AccessRule(everyone, "read an inbox"),
        Inbox.MarkRead.descriptor: AccessRule(everyone, "mark inbox messages read"),
        Inbox.WatchInbox.descriptor: AccessRule(everyone, "watch an inbox"),

        Practice.SaveResource.descriptor: AccessRule(staff, "write good-practice resources"),
        Practice.DeleteResource.descriptor: AccessRule(staff, "delete good-practice resources"),
        Practice.AttachFile.descriptor: AccessRule(staff, "attach files to good-practice resources"),
        Practice.RemoveAttachment.descriptor: AccessRule(staff, "remove files of good-practice resources"),
        Practice.GetResource.descriptor: AccessRule(staffAndSchool.union([.company]), "read good-practice resources"),
        Practice.GetAttachment.descriptor: AccessRule(staffAndSchool.union([.company]), "read good-practice resources"),
        Practice.SearchResources.descriptor: AccessRule(
            staffAndSchool.union([.company]),
            "search good-practice resources"
        ),
        Practice.WatchResources.descriptor: AccessRule(
            staffAndSchool.union([.company]),
            "watch good-practice resources"
        ),

        Admin.CreateBasin.descriptor: AccessRule([.coordinator], "create basins"),
        Admin.RenameBasin.descriptor: AccessRule([.coordinator], "rename basins"),
        Admin.ArchiveBasin.descriptor: AccessRule([.coordinator], "archive basins"),
        Admin.ListBasins.descriptor: AccessRule(staff, "list basins"),
        Admin.CreateUser.descriptor: AccessRule([.coordinator], "create users"),
        Admin.AssignAnimator.descriptor: AccessRule([.coordinator], "assign animators"),
        Admin.DeactivateUser.descriptor: AccessRule([.coordinator], "deactivate users"),
        Admin.IssueToken.descriptor: AccessRule([.coordinator], "issue tokens"),
        Admin.RevokeToken.descriptor: AccessRule([.coordinator], "revoke tokens"),
        Admin.ListTokens.descriptor: AccessRule([.coordinator], "list tokens"),
        Admin.InviteUser.descriptor: AccessRule(staff, "invite users"),
        Admin.CreateSchool.descriptor: AccessRule(staff, "create schools"),
        Admin.UpdateSchool.descriptor: AccessRule(staff, "update schools"),
        Admin.ImportSchools.descriptor: AccessRule(staff, "import schools"),
        Admin.CreateCompany.descriptor: AccessRule(staff, "create companies"),
        Admin.UpdateCompany.descriptor: AccessRule(staff, "update companies"),
        Admin.SearchCompanies.descriptor: AccessRule(staff, "search the company directory"),
        Admin.ImportCompanies.descriptor: AccessRule([.coordinator], "import companies"),
        Admin.MergeCompanies.descriptor: AccessRule([.coordinator], "merge companies"),
        Admin.GetStatistics.descriptor: AccessRule(staff, "read statistics"),
        Admin.ListAudit.descriptor: AccessRule(staff, "read the audit log"),
        Admin.Backup.descriptor: AccessRule([.coordinator], "back up the stores"),
        Admin.PurgeEndedSchoolYears.descriptor: AccessRule([.coordinator], "delete the pupils of ended school years"),
    ]
}
