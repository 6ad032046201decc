import Foundation
import Logging
import PoleStageStore
import PostgresNIO
import Synchronization
import Testing

@testable import PoleStagePostgres

/// Presence across nodes: two boards on one database stand for two nodes, with a clock the test moves.
@Suite(
    "Presence across nodes on PostgreSQL",
    .enabled(
        if: testDatabaseURL != nil || ProcessInfo.processInfo.environment["CI"] != nil,
        "POLESTAGE_TEST_POSTGRES_URL names no database (scripts/postgres-test-cluster.sh starts one)"
    )
)
struct SharedPresenceTests {
    static let logger = Logger(label: "polestage.test.presence")

    /// Milliseconds since the epoch, as the test sets them.
    final class TestClock: Sendable {
        let milliseconds = Mutex<Int64>(1_000_000)
        var now: @Sendable () -> Int64 { { self.milliseconds.withLock { $0 } } }
        func advance(by duration: Duration) {
            self.milliseconds.withLock { $0 += duration.components.seconds * 1000 }
        }
    }

    /// Two nodes' boards on the test database, with one clock; `body` gets basins no other test uses.
    static func withTwoBoards(
        _ body: (SharedPresence, SharedPresence, TestClock, BasinID, BasinID) async throws -> Void
    ) async throws {
        let url = try #require(testDatabaseURL, "POLESTAGE_TEST_POSTGRES_URL is not set")
        let client = PostgresClient(configuration: try PostgresLocation(url: url).clientConfiguration())
        let clock = TestClock()
        let (a, b) = (
            SharedPresence(client: client, logger: Self.logger, period: .seconds(2), now: clock.now),
            SharedPresence(client: client, logger: Self.logger, period: .seconds(2), now: clock.now)
        )
        let tag = UInt32.random(in: 0...UInt32.max)
        let first = try #require(BasinID("presence-a-\(tag)"))
        let second = try #require(BasinID("presence-b-\(tag)"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await a.migrate()
            try await b.migrate()
            try await body(a, b, clock, first, second)
            await a.write([:])
            await b.write([:])
        }
    }

    @Test("a count is this node's subscribers and what the other nodes published, basin by basin")
    func sums() async throws {
        try await Self.withTwoBoards { a, b, _, first, second async throws in
            #expect(try await b.subscribers(of: first, local: 2) == 2)
            await a.write([first: 3, second: 1])
            #expect(try await b.subscribers(of: first, local: 2) == 5)
            #expect(try await b.subscribers(of: second, local: 0) == 1)
            // A node's own rows are never counted twice: its local count is the one that holds.
            await b.write([first: 2])
            #expect(try await b.subscribers(of: first, local: 4) == 7)
            #expect(try await a.subscribers(of: first, local: 3) == 5)
            // A basin that falls to zero leaves the board.
            await a.write([first: 1, second: 0])
            #expect(try await b.subscribers(of: second, local: 0) == 0)
            #expect(try await b.subscribers(of: first, local: 2) == 3)
        }
    }

    @Test("a node that stops publishing stops counting after three periods")
    func staleRowsAreIgnored() async throws {
        try await Self.withTwoBoards { a, b, clock, first, _ async throws in
            await a.write([first: 4])
            clock.advance(by: .seconds(5))
            #expect(try await b.subscribers(of: first, local: 1) == 5)
            clock.advance(by: .seconds(2))
            #expect(try await b.subscribers(of: first, local: 1) == 1)
            // Published again, it counts again.
            await a.write([first: 4])
            #expect(try await b.subscribers(of: first, local: 1) == 5)
        }
    }

    @Test("a node that stops gracefully withdraws its counts at once")
    func withdrawOnStop() async throws {
        try await Self.withTwoBoards { a, b, _, first, _ async throws in
            await a.write([first: 4])
            #expect(try await b.subscribers(of: first, local: 0) == 4)
            await withTaskGroup(of: Void.self) { group in
                // Added to a cancelled group, the publication starts cancelled: it withdraws and returns.
                group.cancelAll()
                group.addTask { await a.publish { [first: 9] } }
            }
            #expect(try await b.subscribers(of: first, local: 0) == 0)
        }
    }
}
