import BenchmarkSupport
import Foundation
import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import PoleStageWebSocketTransport
import Synchronization

/// Where a benchmark's server runs: on a backend, as one node or several on one database.
struct Deployment: CustomStringConvertible, Sendable {
    let stores: TestStores
    let nodes: Int
    /// Whether the nodes wake one another with `pg_notify` after their commits.
    var notifies = true

    static let sqlite = Deployment(stores: .files, nodes: 1)
    static let postgres = Deployment(stores: .postgres, nodes: 1)
    static let postgresTwoNodes = Deployment(stores: .postgres, nodes: 2)
    static let postgresWithoutNotify = Deployment(stores: .postgres, nodes: 1, notifies: false)

    var description: String {
        (self.nodes == 1 ? "\(self.stores)" : "\(self.stores), \(self.nodes) nodes")
            + (self.notifies ? "" : ", no pg_notify")
    }

    /// Runs the deployment's servers while `body` runs.
    func run<T: Sendable>(
        _ body: @Sendable ([(server: PoleStageServer, addresses: ListeningAddresses)]) async throws -> T
    ) async throws -> T {
        if self.stores == .files {
            return try await withTestServer(.benchmark) { server, addresses in try await body([(server, addresses)]) }
        }
        return try await withTestNodes(.benchmark, count: self.nodes, notifies: self.notifies, body)
    }
}

/// 64 schools race for the seats of a few offers over 4 WebSockets, on each deployment in one run: requests per second,
/// and a check that no period holds more live reservations than seats. With several nodes, the WebSockets are spread
/// over them.
func reservationBenchmark(
    schools: Int,
    offers: Int,
    seatsPerOffer: Int,
    duration: Duration,
    deployments: [Deployment]
) async throws {
    print("Reservations: \(schools) schools racing on \(offers) offers × \(seatsPerOffer) seats, 4 WebSockets")
    print(
        "| deployment | requests/s | × first | accepted | refused (no seat) | p50 ms | p99 ms | CPU µs/request | overbooked periods | miscounted offers |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    var first: Double?
    for deployment in deployments {
        let row = try await deployment.run { nodes in
            try await reservationRun(
                schools: schools,
                offers: offers,
                seatsPerOffer: seatsPerOffer,
                duration: duration,
                nodes: nodes
            )
        }
        print(
            String(
                format: "| %@ | %.0f | %.2f | %d | %d | %.3f | %.3f | %.1f | %d | %d |",
                deployment.description,
                row.measurement.throughput,
                row.measurement.throughput / (first ?? row.measurement.throughput),
                row.accepted,
                row.refused,
                row.measurement.percentile(50).milliseconds,
                row.measurement.percentile(99).milliseconds,
                row.measurement.cpuMicrosecondsPerOperation,
                row.overbooked,
                row.miscounted
            )
        )
        if first == nil { first = row.measurement.throughput }
    }
    print("Target: ≥ 5,000 requests/s on SQLite, PostgreSQL within 2× of it, 0 overbooked.\n")
}

/// One race on running nodes, seeded through the first.
private func reservationRun(
    schools: Int,
    offers: Int,
    seatsPerOffer: Int,
    duration: Duration,
    nodes: [(server: PoleStageServer, addresses: ListeningAddresses)]
) async throws -> (
    measurement: BenchmarkSupport.Measurement, accepted: Int, refused: Int, overbooked: Int, miscounted: Int
) {
    do {
        let server = nodes[0].server
        let fixture = try await DomainFixture.seed(on: server)
        let store = server.basins.storage(for: fixture.basinA)
        var generator = SyntheticOffers(seed: 11)
        let week = fixture.week(3)
        let ids = try await store.importOffers(
            (0..<offers).map { index in
                var offer = generator.offer(index, weeks: [week], seats: seatsPerOffer)
                // Every level: a refusal is then only a lost race for a seat.
                offer.details.levels = Set(Level.allCases)
                return offer
            }
        )
        // No priority window: the offers are published just before the race. The priority check still runs in each
        // request's transaction.
        _ = try await store.setPlacementRules(PlacementRules(priorityWindowDays: 0))
        var tokens: [String] = []
        for index in 0..<schools {
            let body = String(format: "0719%03d", index)
            let uai = UAI(body + String(UAI.checkLetter(for: body)!))!
            try await server.academy.saveSchool(
                School(
                    uai: uai,
                    name: "Collège \(index)",
                    kind: .college,
                    commune: "Chalon",
                    basin: fixture.basinA,
                    location: SyntheticOffers.centre
                )
            )
            tokens.append(
                try await server.tokens.issue(
                    for: .school(user: "bench-\(index)", school: uai),
                    lifetime: .seconds(3600)
                )
            )
        }
        let protoWeek = Polestage_Common_V1_IsoWeek.with {
            $0.year = Int32(week.year)
            $0.week = Int32(week.week)
        }
        let accepted = Atomic<Int>(0)
        let refused = Atomic<Int>(0)
        let connections = 4
        let transports = (0..<connections).map {
            WebSocketTransport.Client(url: nodes[$0 % nodes.count].addresses.webSocketURL)
        }
        let schoolTokens = tokens
        let measurement = try await withThrowingTaskGroup(of: Void.self) { group in
            let clients = transports.map { GRPCClient(transport: $0) }
            for client in clients {
                group.addTask { try await client.runConnections() }
            }
            let counter = Atomic<Int>(0)
            let result = try await measure(
                "RequestSeat",
                concurrency: schools,
                warmup: .zero,
                duration: duration
            ) {
                let call = counter.add(1, ordering: .relaxed).newValue
                let school = call % schools
                let reservations = Polestage_Reservations_V1_ReservationService.Client(
                    wrapping: clients[school % connections]
                )
                do {
                    _ = try await reservations.requestSeat(
                        .with {
                            $0.offerID = ids[Int(UInt(bitPattern: call &* 2_654_435_761) % UInt(ids.count))]
                            $0.week = protoWeek
                            $0.pupilRef = String(format: "P%07d", call)
                            $0.level = .cap
                        },
                        metadata: ["authorization": "Bearer \(schoolTokens[school])"]
                    )
                    accepted.add(1, ordering: .relaxed)
                } catch let error as RPCError where error.code == .failedPrecondition {
                    refused.add(1, ordering: .relaxed)
                }
            }
            for client in clients { client.beginGracefulShutdown() }
            try await group.waitForAll()
            return result
        }

        // No period holds more live reservations than seats, and `taken` counts them exactly.
        var overbooked = 0
        var miscounted = 0
        for id in ids {
            guard let offer = try await store.offer(id) else { continue }
            let live = try await store.reservations(offer: id, liveOnly: true).count
            for period in offer.periods {
                if period.taken > period.seats { overbooked += 1 }
            }
            if live != offer.periods.reduce(0, { $0 + $1.taken }) { miscounted += 1 }
        }
        return (
            measurement,
            accepted.load(ordering: .relaxed),
            refused.load(ordering: .relaxed),
            overbooked,
            miscounted
        )
    }
}
