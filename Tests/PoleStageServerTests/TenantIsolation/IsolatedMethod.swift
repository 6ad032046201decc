import Foundation
import GRPCCore
import PoleStageProto
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

/// What a call of ``IsolatedMethod`` aims at: someone's offer, reservation, contact, pupil and application, their
/// school and company, with the caller's metadata.
struct IsolationTarget: Sendable {
    let metadata: Metadata
    let things: IsolationWorld.Things
    let fixture: DomainFixture
    let school: UAI
    let company: SIRET
}

/// Every method of the domain services (offers, reservations, calendar, contacts, pupils, applications, inbox, good
/// practice), each
/// called on an ``IsolationTarget``: one argument of the tenant isolation tests.
enum IsolatedMethod: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case createOffer = "CreateOffer", updateOffer = "UpdateOffer", publishOffer = "PublishOffer"
    case withdrawOffer = "WithdrawOffer", getOffer = "GetOffer", searchOffers = "SearchOffers"
    case subscribe = "Subscribe", getPresence = "GetPresence"
    case requestSeat = "RequestSeat", confirmReservation = "ConfirmReservation"
    case declineReservation = "DeclineReservation", cancelReservation = "CancelReservation"
    case listSchoolReservations = "ListSchoolReservations", listOfferReservations = "ListOfferReservations"
    case setSchoolPeriods = "SetSchoolPeriods", getSchoolCalendar = "GetSchoolCalendar"
    case getBasinCalendar = "GetBasinCalendar", getLoad = "GetLoad"
    case addContact = "AddContact", updateContact = "UpdateContact", removeContact = "RemoveContact"
    case listContacts = "ListContacts"
    case savePupil = "SavePupil", importPupils = "ImportPupils", getRoster = "GetRoster", exportPupil = "ExportPupil"
    case issueSignInCode = "IssueSignInCode", deletePupil = "DeletePupil"
    case apply = "Apply", listApplications = "ListApplications", declineApplication = "DeclineApplication"
    case acceptApplication = "AcceptApplication", withdrawApplication = "WithdrawApplication"
    case getFollowUp = "GetFollowUp", getPlacementRules = "GetPlacementRules", setPlacementRules = "SetPlacementRules"
    case listBoardingHouses = "ListBoardingHouses", saveBoardingHouse = "SaveBoardingHouse"
    case listInbox = "ListInbox", markRead = "MarkRead", watchInbox = "WatchInbox"
    case saveResource = "SaveResource", deleteResource = "DeleteResource", attachFile = "AttachFile"
    case removeAttachment = "RemoveAttachment", getResource = "GetResource", getAttachment = "GetAttachment"
    case searchResources = "SearchResources", watchResources = "WatchResources"

    var testDescription: String { self.rawValue }

    /// The services whose every method is a case: compared with their generated descriptors.
    static let services: [[MethodDescriptor]] = [
        Polestage_Offers_V1_OfferService.Method.descriptors,
        Polestage_Reservations_V1_ReservationService.Method.descriptors,
        Polestage_Calendar_V1_CalendarService.Method.descriptors,
        Polestage_Contacts_V1_ContactService.Method.descriptors,
        Polestage_Placements_V1_PupilService.Method.descriptors,
        Polestage_Placements_V1_ApplicationService.Method.descriptors,
        Polestage_Placements_V1_InboxService.Method.descriptors,
        Polestage_Practice_V1_PracticeService.Method.descriptors,
    ]

    /// What one call gave: no code on success.
    struct Outcome: Sendable, CustomStringConvertible {
        var code: RPCError.Code?
        var message: String?

        var description: String { self.code.map { "\($0): \(self.message ?? "")" } ?? "OK" }
    }

    /// Calls the method and returns its status.
    func outcome<Transport: ClientTransport>(
        _ clients: DomainClients<Transport>,
        _ target: IsolationTarget
    ) async throws -> Outcome {
        do {
            try await self.call(clients, target)
            return Outcome()
        } catch let error as RPCError {
            return Outcome(code: error.code, message: error.message)
        }
    }

    private func call<Transport: ClientTransport>(
        _ clients: DomainClients<Transport>,
        _ target: IsolationTarget
    ) async throws {
        let metadata = target.metadata
        let things = target.things
        let offer = Polestage_Offers_V1_OfferRef.with { $0.offerID = things.offerID }
        let reservation = Polestage_Reservations_V1_ReservationRef.with { $0.reservationID = things.reservationID }
        let week = target.fixture.protoWeek(3)
        let range = Polestage_Calendar_V1_WeekRange.with {
            $0.fromWeek = week
            $0.toWeek = week
        }
        let contact = Polestage_Contacts_V1_ContactDetails.with {
            $0.tradeCode = "I1604"
            $0.companySiret = target.company.rawValue
            $0.name = "Contact"
            $0.email = "contact@example.org"
        }
        let pupil = Polestage_Placements_V1_PupilRef.with { $0.pupilID = things.pupilID }
        let application = Polestage_Placements_V1_ApplicationRef.with { $0.applicationID = things.applicationID }
        let school = target.school.rawValue
        let resource = Polestage_Practice_V1_ResourceRef.with {
            $0.scope = .basin
            $0.resourceID = things.resourceID
        }
        let attachment = Polestage_Practice_V1_AttachmentRef.with {
            $0.resource = resource
            $0.attachmentID = things.attachmentID
        }
        switch self {
        case .createOffer:
            _ = try await clients.offers.createOffer(
                .with {
                    $0.companySiret = target.company.rawValue
                    $0.details = target.fixture.offerDetails()
                },
                metadata: metadata
            )
        case .updateOffer:
            _ = try await clients.offers.updateOffer(
                .with {
                    $0.offerID = things.offerID
                    $0.details = target.fixture.offerDetails()
                },
                metadata: metadata
            )
        case .publishOffer: _ = try await clients.offers.publishOffer(offer, metadata: metadata)
        case .withdrawOffer: _ = try await clients.offers.withdrawOffer(offer, metadata: metadata)
        case .getOffer: _ = try await clients.offers.getOffer(offer, metadata: metadata)
        case .searchOffers: _ = try await clients.offers.searchOffers(.init(), metadata: metadata)
        case .subscribe:
            // The first event (live), then the call ends.
            try await clients.offers.subscribe(.init(), metadata: metadata) { response in
                for try await _ in response.messages { return }
            }
        case .getPresence: _ = try await clients.offers.getPresence(.init(), metadata: metadata)
        case .requestSeat:
            _ = try await clients.reservations.requestSeat(
                .with {
                    $0.offerID = things.offerID
                    $0.week = week
                    $0.pupilRef = "ISO-0001"
                    $0.level = .cap
                },
                metadata: metadata
            )
        case .confirmReservation: _ = try await clients.reservations.confirmReservation(reservation, metadata: metadata)
        case .declineReservation: _ = try await clients.reservations.declineReservation(reservation, metadata: metadata)
        case .cancelReservation: _ = try await clients.reservations.cancelReservation(reservation, metadata: metadata)
        case .listSchoolReservations:
            _ = try await clients.reservations.listSchoolReservations(
                .with { $0.schoolUai = school },
                metadata: metadata
            )
        case .listOfferReservations:
            _ = try await clients.reservations.listOfferReservations(
                .with { $0.offerID = things.offerID },
                metadata: metadata
            )
        case .setSchoolPeriods:
            _ = try await clients.calendar.setSchoolPeriods(.with { $0.schoolUai = school }, metadata: metadata)
        case .getSchoolCalendar:
            _ = try await clients.calendar.getSchoolCalendar(.with { $0.schoolUai = school }, metadata: metadata)
        case .getBasinCalendar: _ = try await clients.calendar.getBasinCalendar(range, metadata: metadata)
        case .getLoad: _ = try await clients.calendar.getLoad(range, metadata: metadata)
        case .addContact: _ = try await clients.contacts.addContact(contact, metadata: metadata)
        case .updateContact:
            _ = try await clients.contacts.updateContact(
                .with {
                    $0.contactID = things.contactID
                    $0.details = contact
                },
                metadata: metadata
            )
        case .removeContact:
            _ = try await clients.contacts.removeContact(.with { $0.contactID = things.contactID }, metadata: metadata)
        case .listContacts: _ = try await clients.contacts.listContacts(.init(), metadata: metadata)
        case .savePupil:
            _ = try await clients.pupils.savePupil(
                .with {
                    $0.schoolUai = school
                    $0.details = .with {
                        $0.ref = "ISO-0002"
                        $0.className = "3eB"
                        $0.level = .cap
                    }
                },
                metadata: metadata
            )
        case .importPupils:
            _ = try await clients.pupils.importPupils(
                .with {
                    $0.schoolUai = school
                    $0.file = .with {
                        $0.csv = "ref;class;level;accessible;max_km;transit_only;qpv;gender\nISO-0003;3eB;CAP;0;;0;0;\n"
                    }
                },
                metadata: metadata
            )
        case .getRoster: _ = try await clients.pupils.getRoster(.with { $0.schoolUai = school }, metadata: metadata)
        case .exportPupil: _ = try await clients.pupils.exportPupil(pupil, metadata: metadata)
        case .issueSignInCode: _ = try await clients.pupils.issueSignInCode(pupil, metadata: metadata)
        case .deletePupil: _ = try await clients.pupils.deletePupil(pupil, metadata: metadata)
        case .apply:
            _ = try await clients.applications.apply(
                PlacementServiceTests.apply(target.fixture, offer: things.offerID, pupil: things.pupilID),
                metadata: metadata
            )
        case .listApplications:
            _ = try await clients.applications.listApplications(
                .with {
                    $0.offerID = things.offerID
                    $0.pupilID = things.pupilID
                    $0.schoolUai = school
                },
                metadata: metadata
            )
        case .declineApplication:
            _ = try await clients.applications.declineApplication(
                .with {
                    $0.applicationID = things.applicationID
                    $0.reason = .seatsFilled
                },
                metadata: metadata
            )
        case .acceptApplication: _ = try await clients.applications.acceptApplication(application, metadata: metadata)
        case .withdrawApplication:
            _ = try await clients.applications.withdrawApplication(application, metadata: metadata)
        case .getFollowUp: _ = try await clients.applications.getFollowUp(.init(), metadata: metadata)
        case .getPlacementRules: _ = try await clients.applications.getPlacementRules(.init(), metadata: metadata)
        case .setPlacementRules:
            _ = try await clients.applications.setPlacementRules(
                .with {
                    $0.maxPendingApplications = 2
                    $0.pendingDays = 10
                },
                metadata: metadata
            )
        case .listBoardingHouses: _ = try await clients.applications.listBoardingHouses(.init(), metadata: metadata)
        case .saveBoardingHouse:
            _ = try await clients.applications.saveBoardingHouse(
                .with {
                    $0.house = .with {
                        $0.name = "Internat du lycée"
                        $0.commune = "Louhans"
                        $0.location = .with {
                            $0.latitude = 46.63
                            $0.longitude = 5.22
                        }
                        $0.places = [
                            .with {
                                $0.week = week
                                $0.seats = 4
                            }
                        ]
                    }
                },
                metadata: metadata
            )
        case .listInbox: _ = try await clients.inbox.listInbox(.init(), metadata: metadata)
        case .markRead: _ = try await clients.inbox.markRead(.with { $0.all = true }, metadata: metadata)
        case .watchInbox:
            // The first event (live), then the call ends.
            try await clients.inbox.watchInbox(.init(), metadata: metadata) { response in
                for try await _ in response.messages { return }
            }
        case .saveResource:
            _ = try await clients.practice.saveResource(
                .with {
                    $0.scope = .basin
                    $0.resourceID = things.resourceID
                    $0.details = IsolationWorld.resourceDetails("Guide du tuteur, revu")
                },
                metadata: metadata
            )
        case .deleteResource: _ = try await clients.practice.deleteResource(resource, metadata: metadata)
        case .attachFile:
            _ = try await clients.practice.attachFile(
                .with {
                    $0.resource = resource
                    $0.fileName = "grille-\(UInt32.random(in: 0...UInt32.max)).csv"
                    $0.content = Data("critère;note\n".utf8)
                },
                metadata: metadata
            )
        case .removeAttachment:
            _ = try await clients.practice.removeAttachment(attachment, metadata: metadata)
        case .getResource: _ = try await clients.practice.getResource(resource, metadata: metadata)
        case .getAttachment: _ = try await clients.practice.getAttachment(attachment, metadata: metadata)
        case .searchResources: _ = try await clients.practice.searchResources(.init(), metadata: metadata)
        case .watchResources:
            // The first event (live), then the call ends.
            try await clients.practice.watchResources(.init(), metadata: metadata) { response in
                for try await _ in response.messages { return }
            }
        }
    }
}

/// Calls one method once per target over one client connection.
struct CallEach: ClientBody {
    let method: IsolatedMethod
    let targets: [IsolationTarget]

    func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws -> [IsolatedMethod.Outcome] {
        let clients = DomainClients(client)
        var outcomes: [IsolatedMethod.Outcome] = []
        for target in self.targets { outcomes.append(try await self.method.outcome(clients, target)) }
        return outcomes
    }
}
