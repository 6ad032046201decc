import Foundation
import PoleStageEquity
import Testing

/// The equity simulation on a small seed: every policy runs through the real server, nothing overbooks, and the pôle's
/// policy narrows the gap that first come, first served leaves (the full-size figures: `docs/equity.md`).
@Suite("Equity simulation, small seed")
struct EquitySimulationTests {
    @Test("each policy places pupils without overbooking; priority access narrows the priority pupils' gap")
    func smallSeed() async throws {
        let simulation = EquitySimulation(scale: 0.1, seed: 7)
        let outcomes = try await simulation.runAll()
        print(EquityReport.text(outcomes, simulation: simulation))
        #expect(outcomes.map(\.policy) == EquityPolicy.allCases)
        for outcome in outcomes {
            #expect(outcome.pupils.count == outcomes[0].pupils.count)
            #expect(outcome.overbookedOffers.isEmpty, "\(outcome.policy)")
            #expect(outcome.pupils.contains { $0.placedDay != nil }, "\(outcome.policy)")
        }
        func gap(_ outcome: EquityOutcome) -> Double {
            outcome.priorityFigures.sharePlaced - outcome.figures(.others).sharePlaced
        }
        let byPolicy = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.policy, $0) })
        let fcfs = try #require(byPolicy[.firstComeFirstServed])
        let both = try #require(byPolicy[.both])
        #expect(gap(both) > gap(fcfs), "\(gap(both)) against \(gap(fcfs))")
    }
}
