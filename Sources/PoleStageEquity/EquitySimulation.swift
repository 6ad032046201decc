import Foundation
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import Synchronization

/// The pupils, schools and companies of a ``SimulatedBasin`` acting through a real server and its RPCs, one simulated
/// day after another, under one ``EquityPolicy``.
///
/// Each day, companies publish the offers due that day and answer the applications they received one to four days
/// before (85 % accepted, whoever the pupil); then every pupil without a placement who is looking that day searches the
/// offers it can reach from its school (its level and period, within its distance, accessible ones when it needs them)
/// and applies, through its school, to one of the nearest it may apply to. Pupils with a family network start looking
/// on the first days, look four days out of five and keep two applications going; the others start between the third
/// and the twenty-fourth day, look two days out of five and keep one. Everything is drawn from one seed, and the
/// server's clock is the simulation's: the same seed gives the same figures.
public struct EquitySimulation: Sendable {
    public var basin: SimulatedBasin
    /// The share of the basin's pupils (and so of its seats) simulated: 1 for the full basin.
    public var scale: Double
    public var seed: UInt64
    /// The days pupils may apply; the placement week starts a week after the last.
    public var campaignDays = 49

    public init(basin: SimulatedBasin = .chalonTournusLouhans, scale: Double = 1, seed: UInt64 = 1) {
        self.basin = basin
        self.scale = scale
        self.seed = seed
    }

    /// The first day: Monday 4 January 2027 at 9:00 in Paris, whatever the machine's date.
    static let start = Date(timeIntervalSince1970: 1_799_049_600)
    static let day: TimeInterval = 86_400

    /// Runs the campaign under `policy` on a new server of its own.
    public func run(_ policy: EquityPolicy) async throws -> EquityOutcome {
        let clock = Mutex(Self.start)
        var configuration = ServerConfiguration.testing()
        configuration.now = { clock.withLock { $0 } }
        let simulation = self
        return try await withTestServer(configuration) { server, addresses in
            var world = try await SimulatedWorld.seed(simulation, policy: policy, on: server)
            try await withWebSocketClients(addresses) { clients in
                // Four more days after the campaign: the companies answer the last applications.
                for day in 0..<(simulation.campaignDays + 4) {
                    let now = clock.withLock { $0 }
                    try await world.play(day: day, pupilsLook: day < simulation.campaignDays, now: now, clients)
                    clock.withLock { $0 = $0.addingTimeInterval(Self.day) }
                }
            }
            return world.outcome(policy)
        }
    }

    /// Runs every policy on the same seed, one after the other.
    public func runAll() async throws -> [EquityOutcome] {
        var outcomes: [EquityOutcome] = []
        for policy in EquityPolicy.allCases { outcomes.append(try await self.run(policy)) }
        return outcomes
    }
}

/// What became of each pupil under one policy.
public struct EquityOutcome: Sendable {
    public struct Pupil: Sendable {
        public var groups: Set<EquityGroup>
        public var hasNetwork: Bool
        /// The day its placement was accepted, counted from the campaign's first.
        public var placedDay: Int?
        /// Kilometres from its school to the offer it was placed in.
        public var placedKm: Double?
        public var placedOffer: Int64?
    }

    public var policy: EquityPolicy
    public var pupils: [Pupil]
    /// Seats per offer id, in each week of the offer.
    public var seats: [Int64: Int]
    /// Refusals the server gave, by their rule's first words (such as `offer 12 is open only to`), counted.
    public var refusals: Int
}
