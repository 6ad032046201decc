import Foundation
import GRPCCore
import PoleStageAuth
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import Testing

/// The server's timers on a clock the test moves: each `advance` is one round of the store janitor and of the
/// revocation refresh, awaited until both timers sleep again.
@Suite("Timers: the janitor and the revocation refresh, one round per tick of an injected clock")
struct ServerTimerTests {
    static func configuration(_ clock: ManualClock) -> ServerConfiguration {
        var configuration = ServerConfiguration.testing()
        configuration.timerClock = clock
        configuration.janitorPeriod = .seconds(60)
        configuration.revocationRefreshPeriod = .seconds(60)
        return configuration
    }

    /// Runs one round of both timers and returns once both sleep again.
    static func tick(_ clock: ManualClock) async throws {
        try await withTimeout {
            await clock.waitForSleepers(2)
            clock.advance(by: .seconds(60))
            await clock.waitForSleepers(2)
        }
    }

    @Test("a revocation stored by another process is refused after the next refresh, not before")
    func revocationRefresh() async throws {
        let clock = ManualClock()
        try await withDomainServer(Self.configuration(clock)) { server, addresses, fixture in
            let issued = try await server.tokens.issueRecordedToken(
                for: .animator(user: "u-elsewhere", basin: fixture.basinA),
                lifetime: .seconds(600),
                in: server.academy
            )
            typealias ListBasins = AdminServiceTests.ListBasins
            #expect(try await TransportKind.webSocket.withClient(to: addresses, ListBasins(token: issued.token)) == nil)
            // Written to the academy store only, as another server process would: not seen until a refresh.
            _ = try await server.academy.revokeToken(issued.id, by: "u-coordinator")
            #expect(try await TransportKind.http2.withClient(to: addresses, ListBasins(token: issued.token)) == nil)
            try await Self.tick(clock)
            for kind in TransportKind.allCases {
                #expect(try await kind.withClient(to: addresses, ListBasins(token: issued.token)) == .unauthenticated)
            }
        }
    }

    @Test("the janitor measures the stores' files after its round: /metrics reads no disk")
    func storeSizes() async throws {
        let clock = ManualClock()
        try await withTestServer(Self.configuration(clock)) { server, addresses in
            // Once both timers sleep, the janitor has measured the folder; the basins' stores come after.
            await clock.waitForSleepers(2)
            let fixture = try await DomainFixture.seed(on: server)
            let before = try await httpGet(addresses, "/metrics").1
            #expect(MetricsTests.sample(before, "polestage_store_bytes", ["store": fixture.basinA.rawValue]) == nil)
            try await Self.tick(clock)
            let after = try await httpGet(addresses, "/metrics").1
            let bytes = MetricsTests.sample(after, "polestage_store_bytes", ["store": fixture.basinA.rawValue])
            #expect(bytes.map { $0 > 0 } == true)
            #expect(MetricsTests.sample(after, "polestage_store_bytes", ["store": "academy"]).map { $0 > 0 } == true)
        }
    }
}
