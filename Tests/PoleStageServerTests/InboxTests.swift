import Foundation
import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

/// Each user's inbox: written with the event it tells of, listed, marked read, and pushed live with resumable positions.
@Suite("Inbox: what concerns me, kept and pushed")
struct InboxTests {
    /// A pupil of school A1 on the roster, its signed-in token, and a published CAP offer over the declared period.
    struct Setup: Sendable {
        var pupil: Polestage_Placements_V1_Pupil
        var pupilToken: Metadata
        var offer: Polestage_Offers_V1_Offer
    }

    static func setUp<T: ClientTransport>(
        _ clients: DomainClients<T>,
        _ server: PoleStageServer,
        _ fixture: DomainFixture,
        seats: Int32 = 2
    ) async throws -> Setup {
        try await PlacementServiceTests.declarePeriod(clients, fixture)
        let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: "IN-0001")
        let token = try await server.tokens.issue(
            for: .pupil(user: "u-in-1", school: fixture.schoolA1, rosterID: pupil.id),
            lifetime: .seconds(600)
        )
        let offer = try await fixture.createOffer(clients, details: fixture.offerDetails(weeks: [3: seats, 4: seats]))
        return Setup(pupil: pupil, pupilToken: PlacementServiceTests.bearer(token), offer: offer)
    }

    @Test("the company hears of a new application, the pupil and the school of its acceptance, each live and listed")
    func pushed() async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let setup = try await Self.setUp(clients, server, fixture)
                let company = InboxWatcher(clients.inbox, metadata: fixture.metadata(.companyA))
                let pupil = InboxWatcher(clients.inbox, metadata: setup.pupilToken)
                let school = InboxWatcher(clients.inbox, metadata: fixture.metadata(.schoolA1))
                for watcher in [company, pupil, school] { _ = try await watcher.untilLive() }

                let application = try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: setup.offer.id),
                    metadata: setup.pupilToken
                )
                let received = try #require(try await company.messages(1).first)
                #expect(received.message.kind == .applicationReceived)
                #expect(received.message.applicationID == application.id)
                #expect(
                    received.message.text.hasPrefix("Nouvelle candidature pour « Mécanique automobile » (CAP, semaines")
                )
                #expect(!received.message.text.contains("IN-0001"))
                #expect(received.position.offset == received.message.id)
                let sent = try #require(try await school.messages(1).first)
                #expect(sent.message.kind == .applicationSent)
                #expect(sent.message.text.hasPrefix("Candidature envoyée par l'élève pour « Mécanique automobile »"))

                _ = try await clients.applications.acceptApplication(
                    .with { $0.applicationID = application.id },
                    metadata: fixture.metadata(.companyA)
                )
                for watcher in [pupil, school] {
                    let accepted = try #require(try await watcher.messages(1).first)
                    #expect(accepted.message.kind == .applicationAccepted)
                    #expect(
                        accepted.message.text.hasPrefix("Garage A accepte la candidature pour « Mécanique automobile »")
                    )
                }
                for watcher in [company, pupil, school] { watcher.cancel() }

                // Listed, newest first, with the unread count; marked read.
                let listed = try await clients.inbox.listInbox(.init(), metadata: fixture.metadata(.schoolA1))
                #expect(listed.messages.map(\.kind) == [.applicationAccepted, .applicationSent])
                #expect(listed.unread == 2)
                let one = try await clients.inbox.markRead(
                    .with { $0.messageIds = [listed.messages[1].id] },
                    metadata: fixture.metadata(.schoolA1)
                )
                #expect((one.marked, one.unread) == (1, 1))
                let marked = try await clients.inbox.markRead(
                    .with { $0.all = true },
                    metadata: fixture.metadata(.schoolA1)
                )
                #expect((marked.marked, marked.unread) == (1, 0))
                let unread = try await clients.inbox.listInbox(
                    .with { $0.unreadOnly = true },
                    metadata: fixture.metadata(.schoolA1)
                )
                #expect(unread.messages.isEmpty)
                // Each inbox is its owner's: another school's is empty.
                let other = try await clients.inbox.listInbox(.init(), metadata: fixture.metadata(.schoolA2))
                #expect(other.messages.isEmpty)
            }
        }
    }

    @Test("a watch resumed from its position gets what it missed once, in order, across a reconnect and a restart")
    func resumeAcrossRestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "polestage-inbox-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ServerConfiguration.testing(dataDirectory: directory)
        struct First: Sendable {
            var fixture: DomainFixture
            var setup: Setup
            var position: Polestage_Offers_V1_StreamPosition
            var missed: [Int64]
        }
        let first = try await withTestServer(configuration) { server, addresses in
            let fixture = try await DomainFixture.seed(on: server)
            return try await withWebSocketClients(addresses) { clients in
                let setup = try await Self.setUp(clients, server, fixture, seats: 5)
                let watcher = InboxWatcher(clients.inbox, metadata: fixture.metadata(.companyA))
                let position = try #require(try await watcher.untilLive().last?.position)
                watcher.cancel()
                // Missed while away: two applications of two pupils.
                var missed: [Int64] = []
                for ref in ["IN-0002", "IN-0003"] {
                    let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: ref)
                    missed.append(
                        try await clients.applications.apply(
                            PlacementServiceTests.apply(fixture, offer: setup.offer.id, pupil: pupil.id),
                            metadata: fixture.metadata(.schoolA1)
                        ).id
                    )
                }
                return First(fixture: fixture, setup: setup, position: position, missed: missed)
            }
        }
        try await withTestServer(configuration) { server, addresses in
            try await withWebSocketClients(addresses) { clients in
                let fixture = first.fixture
                // One more after the restart, before the watch resumes.
                let late = try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: first.setup.offer.id),
                    metadata: first.setup.pupilToken
                )
                let resumed = InboxWatcher(
                    clients.inbox,
                    .with { $0.resumeFrom = first.position },
                    metadata: fixture.metadata(.companyA)
                )
                let replay = try await resumed.untilLive()
                let messages = replay.dropLast()
                #expect(messages.map(\.message.applicationID) == first.missed + [late.id])
                #expect(messages.allSatisfy { $0.message.kind == .applicationReceived })
                let positions = messages.map(\.position.offset)
                #expect(positions == positions.sorted() && Set(positions).count == positions.count)
                let live = try #require(replay.last)
                // Then live, and a resume from the live position replays nothing.
                let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: "IN-0004")
                let next = try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: first.setup.offer.id, pupil: pupil.id),
                    metadata: fixture.metadata(.schoolA1)
                )
                #expect(try await resumed.messages(1).map(\.message.applicationID) == [next.id])
                resumed.cancel()
                let again = InboxWatcher(
                    clients.inbox,
                    .with { $0.resumeFrom = live.position },
                    metadata: fixture.metadata(.companyA)
                )
                let second = try await again.untilLive()
                #expect(second.dropLast().map(\.message.applicationID) == [next.id])
                again.cancel()
            }
        }
    }

    @Test("a position ahead of the inbox, or of another epoch, gets a reset and every kept message")
    func reset() async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let setup = try await Self.setUp(clients, server, fixture)
                let application = try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: setup.offer.id),
                    metadata: setup.pupilToken
                )
                let listed = try await clients.inbox.listInbox(.init(), metadata: fixture.metadata(.companyA))
                for (position, reason) in [
                    (
                        Polestage_Offers_V1_StreamPosition.with {
                            $0.epoch = listed.head.epoch
                            $0.offset = listed.head.offset + 100
                        },
                        Polestage_Offers_V1_StreamReset.Reason.ahead
                    ),
                    (.with { $0.epoch = listed.head.epoch + 1 }, .epochChanged),
                ] {
                    let watcher = InboxWatcher(
                        clients.inbox,
                        .with { $0.resumeFrom = position },
                        metadata: fixture.metadata(.companyA)
                    )
                    let events = try await watcher.untilLive()
                    watcher.cancel()
                    #expect(events.first?.reset.reason == reason)
                    #expect(events.dropFirst().dropLast().map(\.message.applicationID) == [application.id])
                }
            }
        }
    }

    @Test("bad requests are refused with their rule")
    func refusals() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let school = fixture.metadata(.schoolA1)
                await expectStatus(.invalidArgument, "message_ids : nommez les messages, ou cochez all (pas les deux)")
                {
                    try await clients.inbox.markRead(.init(), metadata: school)
                }
                await expectStatus(.invalidArgument, "message_ids : nommez les messages, ou cochez all (pas les deux)")
                {
                    try await clients.inbox.markRead(
                        .with {
                            $0.all = true; $0.messageIds = [1]
                        },
                        metadata: school
                    )
                }
                await expectStatus(.invalidArgument, "page_size : doit être de 1 à 200") {
                    try await clients.inbox.listInbox(.with { $0.pageSize = 500 }, metadata: school)
                }
                await expectStatus(
                    .permissionDenied,
                    "connectez-vous avec le code que votre établissement vous a donné"
                ) {
                    try await clients.inbox.listInbox(.init(), metadata: fixture.metadata(.pupilA1))
                }
                let watcher = InboxWatcher(
                    clients.inbox,
                    .with { $0.resumeFrom = .with { $0.offset = -1 } },
                    metadata: school
                )
                let error = try await watcher.stream.ended()
                #expect((error as? RPCError)?.code == .invalidArgument)
                #expect((error as? RPCError)?.message == "resume_from.offset : ne doit pas être négatif")
            }
        }
    }
}
