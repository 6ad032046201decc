import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

/// The basin's priority access over real sockets: its rules set by the animator and audited, the window's refusal, the
/// held seats, and what live subscribers see of both.
@Suite("Priority access over a socket")
struct PriorityAccessServiceTests {
    /// A moment as a refusal names it: in Paris, with the offset.
    /// A moment as a refusal says it: "11 mars 2026 à 10:00", in Paris.
    static func parisText(_ milliseconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "fr_FR")
        formatter.timeZone = TimeZone(identifier: "Europe/Paris")!
        formatter.dateFormat = "d MMMM yyyy 'à' HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    static func rules(
        groups: [Polestage_Placements_V1_PriorityGroup]? = nil,
        window: Int32? = nil,
        share: Int32? = nil,
        release: Int32? = nil
    ) -> Polestage_Placements_V1_PlacementRules {
        .with {
            $0.maxPendingApplications = 3
            $0.pendingDays = 14
            if let groups { $0.priorityGroups = .with { $0.groups = groups } }
            if let window { $0.priorityWindowDays = window }
            if let share { $0.reservedSharePercent = share }
            if let release { $0.reservedReleaseDays = release }
        }
    }

    @Test("the animator reads and sets the rules; unset fields are kept; bad values name their fields; all is audited")
    func settingRules() async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let animator = fixture.metadata(.animatorA)
                let defaults = try await clients.applications.getPlacementRules(.init(), metadata: animator)
                #expect(defaults.priorityGroups.groups == [.rep, .repPlus, .rural, .qpv, .needs])
                #expect(defaults.priorityWindowDays == 7 && defaults.reservedSharePercent == 0)
                #expect(defaults.reservedReleaseDays == 21)

                let set = try await clients.applications.setPlacementRules(
                    Self.rules(groups: [.rural, .qpv], window: 10),
                    metadata: animator
                )
                #expect(set.priorityGroups.groups == [.rural, .qpv])
                #expect(set.priorityWindowDays == 10 && set.reservedSharePercent == 0 && set.reservedReleaseDays == 21)
                // Only the first two fields: the priority rules stay.
                let kept = try await clients.applications.setPlacementRules(Self.rules(), metadata: animator)
                #expect(kept == set)

                let refused = await expectStatus(.invalidArgument) {
                    try await clients.applications.setPlacementRules(
                        Self.rules(groups: [.unspecified], window: 31, share: 101, release: 121),
                        metadata: animator
                    )
                }
                #expect(
                    refused?.message
                        == "priority_groups : la valeur 0 ne désigne aucun groupe : utilisez REP, REP_PLUS, RURAL, QPV ou "
                        + "NEEDS; priority_window_days : doit être de 0 à 30; reserved_share_percent : doit être de 0 à 100; "
                        + "reserved_release_days : doit être de 0 à 120"
                )
                await expectStatus(
                    .permissionDenied,
                    "le rôle « établissement » ne peut pas changer les règles de candidature du bassin"
                ) {
                    try await clients.applications.setPlacementRules(
                        Self.rules(window: 0),
                        metadata: fixture.metadata(.schoolA1)
                    )
                }
                #expect(try await clients.applications.getPlacementRules(.init(), metadata: animator) == set)

                let audit = try await server.academy.auditEntries(before: nil, basin: fixture.basinA, limit: 10)
                    .filter { $0.method == "SetPlacementRules" }
                #expect(
                    audit.map { "\($0.role) \($0.target) \($0.outcome)" } == [
                        "school placement rules PERMISSION_DENIED",
                        "animator placement rules INVALID_ARGUMENT",
                        "animator placement rules: unchanged OK",
                        "animator placement rules: groups rep+rep_plus+rural+qpv+needs>rural+qpv, window 7>10 OK",
                    ]
                )
            }
        }
    }

    @Test(
        "within the window a pupil outside the groups is refused with the rule and the opening; subscribers see it live"
    )
    func windowAndHeldSeats() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let animator = fixture.metadata(.animatorA)
                let school = fixture.metadata(.schoolA1)
                // The fixture's schools are REP: with QPV as the only group, its pupil with needs is not a priority one.
                _ = try await clients.applications.setPlacementRules(
                    Self.rules(groups: [.qpv], window: 7, share: 50, release: 0),
                    metadata: animator
                )
                let subscriber = OfferSubscriber(clients.offers, .init(), metadata: school)
                _ = try await subscriber.untilLive()
                let offer = try await fixture.createOffer(clients, details: fixture.offerDetails(weeks: [3: 2, 4: 2]))
                let published = try #require(try await subscriber.changes(1).first?.change.offer)
                #expect(published.priorityUntilUnixMs == offer.priorityUntilUnixMs)
                #expect(published.priorityUntilUnixMs > offer.updatedAtUnixMs)
                #expect(published.periods.map(\.seatsHeldForPriority) == [1, 1])
                #expect(published.periods.allSatisfy { $0.heldUntilUnixMs > 0 })

                try await PlacementServiceTests.declarePeriod(clients, fixture)
                let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: "PR-0001")
                let application = PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupil.id)
                await expectStatus(
                    .failedPrecondition,
                    "est réservée aux élèves prioritaires du bassin (élèves des QPV) jusqu'au "
                        + "\(Self.parisText(offer.priorityUntilUnixMs)), par la fenêtre prioritaire de 7 jours après sa "
                        + "publication : candidatez à partir de là, ou choisissez une autre offre"
                ) {
                    try await clients.applications.apply(application, metadata: school)
                }

                // The group of pupils with needs joins: the same pupil now applies, and holds one of the held seats.
                _ = try await clients.applications.setPlacementRules(
                    Self.rules(groups: [.qpv, .needs]),
                    metadata: animator
                )
                _ = try await clients.applications.apply(application, metadata: school)
                let taken = try await subscriber.changes(2).map(\.change.offer)
                #expect(taken.last?.periods.map(\.seatsHeldForPriority) == [0, 0])
                #expect(taken.last?.periods.map(\.seatsFree) == [1, 1])

                // A shorter window reaches the subscriber at once, as an update of the offer.
                _ = try await clients.applications.setPlacementRules(Self.rules(window: 0), metadata: animator)
                let update = try #require(try await subscriber.changes(1).first?.change)
                #expect(update.kind == .offerUpdated)
                #expect(update.offer.priorityUntilUnixMs == 0)
                #expect(update.offer.version == taken.last?.version)
                subscriber.cancel()
            }
        }
    }
}
