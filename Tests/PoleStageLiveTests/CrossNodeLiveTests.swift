import Foundation
import Logging
import PostgresNIO
import Testing

@testable import PoleStageLive
@testable import PoleStagePostgres
@testable import PoleStageStore

/// The test database: `scripts/postgres-test-cluster.sh` starts one, and `.ci/run` names it here.
let testDatabaseURL = ProcessInfo.processInfo.environment["POLESTAGE_TEST_POSTGRES_URL"]

/// Two nodes on one PostgreSQL database, each with its own client, basins and live feed.
@Suite(
    "Live changes across nodes on PostgreSQL",
    .enabled(
        if: testDatabaseURL != nil || ProcessInfo.processInfo.environment["CI"] != nil,
        "POLESTAGE_TEST_POSTGRES_URL names no database (scripts/postgres-test-cluster.sh starts one)"
    )
)
struct CrossNodeLiveTests {
    /// A node: its client, its basins and its live feed.
    struct Node {
        let client: PostgresClient
        let basins: PostgresBasins
        let hub: ChangeHub
    }

    static let logger = Logger(label: "polestage.test.cross-node")

    static func node(url: String) throws -> Node {
        let client = PostgresClient(configuration: try PostgresLocation(url: url).clientConfiguration())
        let configuration = StoreConfiguration(directory: FileManager.default.temporaryDirectory)
        // No poll within the test's time: what reaches the other node comes through the notifications.
        let basins = PostgresBasins(
            client: client,
            configuration: configuration,
            logger: Self.logger,
            pollInterval: .seconds(3600)
        )
        return Node(client: client, basins: basins, hub: ChangeHub(basins: basins, logger: Self.logger))
    }

    /// Runs two nodes while `body` runs.
    static func withTwoNodes(_ body: (Node, Node) async throws -> Void) async throws {
        let url = try #require(testDatabaseURL, "POLESTAGE_TEST_POSTGRES_URL is not set")
        let (a, b) = (try Self.node(url: url), try Self.node(url: url))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for node in [a, b] {
                group.addTask { await node.client.run() }
                group.addTask { await node.basins.run() }
                group.addTask { await node.hub.run() }
            }
            defer { group.cancelAll() }
            let deadline = ContinuousClock.now + .seconds(60)
            while !(a.basins.signals.isListening && b.basins.signals.isListening) {
                try #require(ContinuousClock.now < deadline, "the nodes never listened")
                try await Task.sleep(for: .milliseconds(5))
            }
            try await body(a, b)
        }
    }

    /// A subscription on a node, its events in a stream.
    struct Subscriber {
        let events: AsyncStream<SubscriptionEvent>
        let task: Task<SubscriptionEnd, any Error>

        init(_ node: Node, basin: BasinID, from position: ChangePosition?) {
            let (events, continuation) = AsyncStream.makeStream(of: SubscriptionEvent.self)
            self.events = events
            self.task = Task {
                defer { continuation.finish() }
                return try await node.hub.subscribe(
                    basin: basin,
                    filter: OfferFilter(viewer: .staff),
                    resumeFrom: position,
                    snapshot: position == nil
                ) { continuation.yield($0) }
            }
        }

        /// The changes delivered until the one at `offset`, after the stream went live; fails on a reset.
        func changes(through offset: Int64) async throws -> [OfferChange] {
            var changes: [OfferChange] = []
            for await event in self.events {
                switch event {
                case .change(let change, _):
                    changes.append(change)
                    if change.offset >= offset { return changes }
                case .reset(let problem, _):
                    Issue.record("the subscription was reset: \(problem)")
                    return changes
                case .snapshot, .live, .heartbeat:
                    continue
                }
            }
            Issue.record("the subscription ended before offset \(offset)")
            return changes
        }

        /// Waits for the stream to go live.
        func live() async {
            for await event in self.events {
                if case .live = event { return }
            }
        }
    }

    @Test(
        "a change committed through one node reaches a subscriber on the other, in order, at the same positions; a subscriber resumes on the other node with no gap and no duplicate"
    )
    func acrossNodes() async throws {
        try await Self.withTwoNodes { a, b in
            let basin = try #require(BasinID("live-\(UInt32.random(in: 0...UInt32.max))"))
            try await a.basins.create(basin)
            let onA = Subscriber(a, basin: basin, from: nil)
            await onA.live()

            // Five changes written through node B.
            let storeB = b.basins.storage(for: basin)
            let week = ISOWeek(containing: Date().addingTimeInterval(21 * 86_400))
            let offer = try await storeB.createOffer(
                owner: OfferOwner(siret: SIRET("73282932000074")!, name: "Garage Bérard"),
                tradeLabel: "Mécanique automobile",
                details: OfferDetails(
                    trade: TradeCode("I1604")!,
                    title: "Mécanique",
                    description: "Atelier",
                    levels: [.cap],
                    seats: [week: 3],
                    address: PostalAddress(street: "1 rue du Port", postalCode: "71100", commune: "Chalon-sur-Saône"),
                    location: GeoPoint(latitude: 46.7806, longitude: 4.8539)!
                ),
                externalRef: nil,
                publish: true
            ).offer
            var reservations: [Reservation] = []
            for pupil in 1...3 {
                reservations.append(
                    try await storeB.requestSeat(
                        offer: offer.id,
                        week: week,
                        school: UAI("0710001" + String(UAI.checkLetter(for: "0710001")!))!,
                        facts: SchoolPriorityFacts(rep: true, repPlus: false, rural: false),
                        pupil: PupilRef("P000\(pupil)")!,
                        level: .cap
                    )
                )
            }
            _ = try await storeB.decide(reservations[0].id, .decline) { _, _ in }

            let written = try await storeB.changes(after: 0, limit: 100).changes
            #expect(written.map(\.offset) == [1, 2, 3, 4, 5])
            let seenOnA = try await onA.changes(through: 5)
            #expect(seenOnA.map(\.offset) == written.map(\.offset))
            #expect(seenOnA.map(\.kind) == [.offerCreated, .seatsTaken, .seatsTaken, .seatsTaken, .seatsFreed])
            onA.task.cancel()
            #expect(try await onA.task.value == .cancelled)

            // The subscriber on A had reached offset 2 when its node went away: it resumes on B.
            let epoch = try await storeB.changeLogBounds().epoch
            let onB = Subscriber(b, basin: basin, from: ChangePosition(epoch: epoch, offset: 2))
            #expect(try await onB.changes(through: 5).map(\.offset) == [3, 4, 5])
            // And what is written through A reaches it: the withdrawal frees the two pending seats.
            _ = try await a.basins.storage(for: basin).withdrawOffer(offer.id) { _ in }
            let afterResume = try await onB.changes(through: 8)
            #expect(afterResume.map(\.offset) == [6, 7, 8])
            #expect(afterResume.map(\.kind) == [.seatsFreed, .seatsFreed, .offerWithdrawn])
            onB.task.cancel()
            #expect(b.basins.signals.counts.received > 0 && a.basins.signals.counts.received > 0)
            let schema = try #require(SchemaName.basin(basin.rawValue))
            try await a.client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema.quoted) CASCADE"))
        }
    }
}
