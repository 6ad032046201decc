import GRPCCore
import PoleStageProto
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf

extension TenantIsolationTests {
    /// Every method of the domain services that ``EveryMethod`` calls.
    static let methodCount = 38
}

extension TenantIsolationTests.EveryMethod {
    /// The placement services' methods, on the target school's pupil and application; the deletion last.
    func placementCalls<Transport: ClientTransport>(_ clients: DomainClients<Transport>)
        -> [(String, @Sendable () async throws -> Void)]
    {
        let pupil = Polestage_Placements_V1_PupilRef.with { $0.pupilID = self.pupilID }
        let application = Polestage_Placements_V1_ApplicationRef.with { $0.applicationID = self.applicationID }
        let school = self.school.rawValue
        let metadata = self.metadata
        let fixture = self.fixture
        return [
            (
                "SavePupil",
                {
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
                }
            ),
            (
                "ImportPupils",
                {
                    _ = try await clients.pupils.importPupils(
                        .with {
                            $0.schoolUai = school
                            $0.file = .with {
                                $0.csv = "ref;class;level;accessible;max_km;transit_only;qpv;gender\nISO-0003;3eB;CAP;0;;0;0;\n"
                            }
                        },
                        metadata: metadata
                    )
                }
            ),
            ("GetRoster", { _ = try await clients.pupils.getRoster(.with { $0.schoolUai = school }, metadata: metadata) }),
            ("ExportPupil", { _ = try await clients.pupils.exportPupil(pupil, metadata: metadata) }),
            ("IssueSignInCode", { _ = try await clients.pupils.issueSignInCode(pupil, metadata: metadata) }),
            (
                "Apply",
                {
                    _ = try await clients.applications.apply(
                        PlacementServiceTests.apply(fixture, offer: self.offerID, pupil: self.pupilID),
                        metadata: metadata
                    )
                }
            ),
            (
                "ListApplications",
                {
                    _ = try await clients.applications.listApplications(
                        .with {
                            $0.offerID = self.offerID
                            $0.pupilID = self.pupilID
                            $0.schoolUai = school
                        },
                        metadata: metadata
                    )
                }
            ),
            (
                "DeclineApplication",
                {
                    _ = try await clients.applications.declineApplication(
                        .with {
                            $0.applicationID = self.applicationID
                            $0.reason = .seatsFilled
                        },
                        metadata: metadata
                    )
                }
            ),
            ("AcceptApplication", { _ = try await clients.applications.acceptApplication(application, metadata: metadata) }),
            ("WithdrawApplication", { _ = try await clients.applications.withdrawApplication(application, metadata: metadata) }),
            ("GetFollowUp", { _ = try await clients.applications.getFollowUp(.init(), metadata: metadata) }),
            ("GetPlacementRules", { _ = try await clients.applications.getPlacementRules(.init(), metadata: metadata) }),
            (
                "SetPlacementRules",
                {
                    _ = try await clients.applications.setPlacementRules(
                        .with {
                            $0.maxPendingApplications = 2
                            $0.pendingDays = 10
                        },
                        metadata: metadata
                    )
                }
            ),
            ("ListInbox", { _ = try await clients.inbox.listInbox(.init(), metadata: metadata) }),
            ("MarkRead", { _ = try await clients.inbox.markRead(.with { $0.all = true }, metadata: metadata) }),
            ("DeletePupil", { _ = try await clients.pupils.deletePupil(pupil, metadata: metadata) }),
        ]
    }
}
