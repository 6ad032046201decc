import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

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
                                $0.csv =
                                    "ref;class;level;accessible;max_km;transit_only;qpv;gender\nISO-0003;3eB;CAP;0;;0;0;\n"
                            }
                        },
                        metadata: metadata
                    )
                }
            ),
            (
                "GetRoster",
                { _ = try await clients.pupils.getRoster(.with { $0.schoolUai = school }, metadata: metadata) }
            ),
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
            (
                "AcceptApplication",
                { _ = try await clients.applications.acceptApplication(application, metadata: metadata) }
            ),
            (
                "WithdrawApplication",
                { _ = try await clients.applications.withdrawApplication(application, metadata: metadata) }
            ),
            ("GetFollowUp", { _ = try await clients.applications.getFollowUp(.init(), metadata: metadata) }),
            (
                "GetPlacementRules",
                { _ = try await clients.applications.getPlacementRules(.init(), metadata: metadata) }
            ),
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

extension TenantIsolationTests {
    @Test(
        "every method × a signed-in pupil of school A1 × school A2's pupil, application and offer: refused or absent",
        arguments: TransportKind.allCases
    )
    func signedInPupilMatrix(transport: TransportKind) async throws {
        try await withDomainServer { server, addresses, fixture in
            let seeded = try await Self.seedThings(
                fixture,
                addresses,
                company: .companyA2,
                school: .schoolA2,
                reservedFor: fixture.schoolA2
            )
            let pupil = try await withWebSocketClients(addresses) { clients in
                try await PlacementServiceTests.savePupil(clients, fixture, ref: "ISO-0100", as: .schoolA1)
            }
            let token = try await server.tokens.issue(
                for: .pupil(user: "u-signed-in", school: fixture.schoolA1, rosterID: pupil.id),
                lifetime: .seconds(600)
            )
            let store = server.basins.store(for: fixture.basinA)
            func snapshot() async throws -> String {
                let applications = try await store.applications(.pupil(seeded.pupilID), liveOnly: false)
                let roster = try await store.roster(school: fixture.schoolA2, year: store.schoolYear)
                return "\(applications.map { ($0.id, $0.state) })\(roster.map { ($0.pupil, $0.state) })"
            }
            let before = try await snapshot()
            let outcomes = try await transport.withClient(
                to: addresses,
                seeded.everyMethod(
                    ["authorization": "Bearer \(token)"],
                    fixture,
                    school: fixture.schoolA2,
                    company: fixture.companyA2
                )
            )
            #expect(outcomes.count == Self.methodCount)
            for (method, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
                if Self.basinWideReads.contains(method), outcome.code == nil { continue }
                #expect(
                    outcome.code == .permissionDenied || outcome.code == .notFound,
                    "signed-in pupil on school A2: \(method) gave \(String(describing: outcome.code))"
                )
            }
            #expect(try await snapshot() == before)
        }
    }
}
