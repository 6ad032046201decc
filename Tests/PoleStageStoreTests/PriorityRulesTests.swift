import Foundation
import Testing

@testable import PoleStageStore

/// The basin's priority rule and what priority access counts from: the groups, the window, the reserved share, and when
/// an offer was first published.
@Suite("Priority rules")
struct PriorityRulesTests {
    @Test(
        "the rules default to every group, a 7-day window, no reserved share released 21 days before; they round-trip",
        arguments: Backend.tested
    )
    func rulesRoundTrip(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let defaults = try await fixture.storage.placementRules()
            #expect(defaults.priorityGroups == Set(PriorityGroup.allCases))
            #expect(defaults.priorityWindowDays == 7 && defaults.reservedSharePercent == 0)
            #expect(defaults.reservedReleaseDays == 21)
            var rules = defaults
            rules.priorityGroups = [.repPlus, .qpv]
            rules.priorityWindowDays = 10
            rules.reservedSharePercent = 30
            rules.reservedReleaseDays = 14
            #expect(try await fixture.storage.setPlacementRules(rules) == rules)
            #expect(try await fixture.storage.placementRules() == rules)
            rules.priorityGroups = []
            #expect(try await fixture.storage.setPlacementRules(rules).priorityGroups.isEmpty)
        }
    }

    @Test("a pupil is a priority pupil when one of its groups is among the basin's")
    func priorityPupil() {
        let rules = PlacementRules(priorityGroups: [.repPlus, .qpv])
        let ordinary = SchoolPriorityFacts(rep: false, repPlus: false, rural: false)
        let repPlus = SchoolPriorityFacts(rep: false, repPlus: true, rural: false)
        let rural = SchoolPriorityFacts(rep: false, repPlus: false, rural: true)
        #expect(rules.isPriority(school: repPlus, qpv: false, needsAccessible: false))
        #expect(rules.isPriority(school: ordinary, qpv: true, needsAccessible: false))
        #expect(!rules.isPriority(school: rural, qpv: false, needsAccessible: true))
        #expect(!PlacementRules(priorityGroups: []).isPriority(school: repPlus, qpv: true, needsAccessible: true))
    }

    @Test(
        "an offer's first publication is kept: a draft has none, publishing again changes nothing",
        arguments: Backend.tested
    )
    func firstPublication(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(3)
            let draft = try await fixture.storage.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: Sample.details(seats: [week: 2]),
                externalRef: nil,
                publish: false
            ).offer
            #expect(draft.publishedAt == nil)
            fixture.clock.advance(by: .seconds(60))
            let published = try await fixture.storage.publishOffer(draft.id) { _ in }
            let first = try #require(published.publishedAt)
            fixture.clock.advance(by: .seconds(3600))
            let again = try await fixture.storage.publishOffer(draft.id) { _ in }
            #expect(again.publishedAt == first)
            #expect(try await fixture.storage.offer(draft.id)?.publishedAt == first)
            let direct = try await fixture.storage.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: Sample.details(seats: [week: 2]),
                externalRef: nil,
                publish: true
            ).offer
            #expect(direct.publishedAt.map { $0 > first } == true)
        }
    }
}
