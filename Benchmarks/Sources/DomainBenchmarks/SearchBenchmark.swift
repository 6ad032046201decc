import BenchmarkSupport
import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting

/// A combined text + level + radius search on a basin of 100,000 offers: in the store, and as an RPC over our
/// WebSocket from a school (whose school is the default point).
func searchBenchmark(offers count: Int, queries: Int) async throws {
    try await withTestServer(.benchmark) { server, addresses in
        let fixture = try await DomainFixture.seed(on: server)
        let store = server.basins.store(for: fixture.basinA)
        var generator = SyntheticOffers()
        let weeks = [fixture.week(3), fixture.week(4)]
        let seedStart = ContinuousClock.now
        for start in stride(from: 0, to: count, by: 5_000) {
            let batch = (start..<min(start + 5_000, count)).map { generator.offer($0, weeks: weeks, seats: 2) }
            _ = try await store.importOffers(batch)
        }
        print("Seeded \(count) offers in \(ContinuousClock.now - seedStart)")

        var random = SplitMix64(seed: 7)
        let texts = SyntheticOffers.words.map { String($0.prefix(5)) }
        var points = SyntheticOffers(seed: 8)
        func query() -> (text: String, level: Level, near: GeoPoint) {
            (texts.randomElement(using: &random)!, Level.allCases.randomElement(using: &random)!, points.point())
        }
        var rows: [BenchmarkSupport.Measurement] = []
        var storeLatencies: [Duration] = []
        var found = 0
        // Process CPU time of the measured store queries: a figure less bent by other work on a shared machine than
        // the latencies (the server's idle event loops add little).
        var storeCPU = 0.0
        for index in 0..<(queries + 200) {
            if index == 200 { storeCPU = -processCPUSeconds() }
            let (text, level, near) = query()
            let began = ContinuousClock.now
            let page = try await store.searchOffers(
                OfferQuery(
                    text: text,
                    level: level,
                    near: near,
                    radiusKm: 15,
                    viewer: .school(fixture.schoolA1)
                )
            )
            if index >= 200 {
                storeLatencies.append(ContinuousClock.now - began)
                found += page.offers.count
            }
        }
        storeCPU += processCPUSeconds()
        rows.append(BenchmarkSupport.Measurement(latencies: storeLatencies, label: "store"))

        let rpcLatencies = try await withWebSocketClients(addresses) { clients in
            var latencies: [Duration] = []
            let metadata = fixture.metadata(.schoolA1)
            for index in 0..<(queries + 200) {
                let (text, level, _) = query()
                let began = ContinuousClock.now
                _ = try await clients.offers.searchOffers(
                    .with {
                        $0.text = text
                        // The proto enum numbers the levels as the store does.
                        $0.level = Polestage_Common_V1_Level(rawValue: level.rawValue) ?? .unspecified
                        $0.radiusKm = 15
                    },
                    metadata: metadata
                )
                if index >= 200 { latencies.append(ContinuousClock.now - began) }
            }
            return latencies
        }
        rows.append(BenchmarkSupport.Measurement(latencies: rpcLatencies, label: "RPC over WebSocket"))

        print("Search: text + level + 15 km radius, \(count) offers, \(queries) queries after 200 warm-up, 1 caller")
        print("(\(found / max(queries, 1)) offers per store page on average, page size 20)")
        print("| path | p50 ms | p99 ms | max ms |")
        print("|---|---|---|---|")
        for row in rows {
            print(
                String(
                    format: "| %@ | %.3f | %.3f | %.3f |",
                    row.label,
                    row.percentile(50).milliseconds,
                    row.percentile(99).milliseconds,
                    row.latencies.last?.milliseconds ?? 0
                )
            )
        }
        print(String(format: "Store: %.3f ms of process CPU per query.", storeCPU * 1000 / Double(max(queries, 1))))
        print("Target: p99 ≤ 5 ms.\n")
    }
}

extension BenchmarkSupport.Measurement {
    /// Latencies of sequential operations.
    init(latencies: [Duration], label: String) {
        let total = latencies.reduce(Duration.zero, +)
        self.init(
            label: label,
            concurrency: 1,
            operations: latencies.count,
            seconds: total.milliseconds / 1000,
            latencies: latencies.sorted(),
            cpuSeconds: 0
        )
    }
}

extension ServerConfiguration {
    /// The test configuration with room for many streams per WebSocket.
    static var benchmark: ServerConfiguration {
        var configuration = ServerConfiguration.testing()
        configuration.transport.maxConcurrentStreams = 1_000
        return configuration
    }
}
