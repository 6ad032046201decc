import BenchmarkSupport
import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting

/// A combined text + level + radius search on a basin of 100,000 offers, on every backend in one run: in the store, and
/// as an RPC over our WebSocket from a school (whose school is the default point).
func searchBenchmark(offers count: Int, queries: Int, backends: [TestStores]) async throws {
    var rows: [(backend: TestStores, store: BenchmarkSupport.Measurement, rpc: BenchmarkSupport.Measurement)] = []
    var cpu: [Double] = []
    var found = 0
    for backend in backends {
        let run = try await searchRun(offers: count, queries: queries, stores: backend)
        rows.append((backend, run.store, run.rpc))
        cpu.append(run.cpuSeconds)
        found = run.found
    }
    print("Search: text + level + 15 km radius, \(count) offers, \(queries) queries after 200 warm-up, 1 caller")
    print("(\(found / max(queries, 1)) offers per store page on average, page size 20)")
    print("| backend | path | p50 ms | p99 ms | max ms | p99 × first backend's |")
    print("|---|---|---|---|---|---|")
    for (index, row) in rows.enumerated() {
        for (path, measurement, reference) in [
            ("store", row.store, rows[0].store), ("RPC over WebSocket", row.rpc, rows[0].rpc),
        ] {
            print(
                String(
                    format: "| %@ | %@ | %.3f | %.3f | %.3f | %.2f |",
                    row.backend.description,
                    path,
                    measurement.percentile(50).milliseconds,
                    measurement.percentile(99).milliseconds,
                    measurement.latencies.last?.milliseconds ?? 0,
                    measurement.percentile(99).milliseconds / max(reference.percentile(99).milliseconds, 1e-9)
                )
            )
        }
        print(
            String(
                format: "Store on %@: %.3f ms of process CPU per query.",
                row.backend.description,
                cpu[index] * 1000 / Double(max(queries, 1))
            )
        )
    }
    print("Target: p99 ≤ 5 ms; PostgreSQL within 2× of SQLite.\n")
}

/// One backend's run: the store's and the RPC's latencies, the store's process CPU, and the offers found.
private func searchRun(
    offers count: Int,
    queries: Int,
    stores: TestStores
) async throws -> (store: BenchmarkSupport.Measurement, rpc: BenchmarkSupport.Measurement, cpuSeconds: Double, found: Int) {
    try await withTestServer(.benchmark, stores: stores) { server, addresses in
        let fixture = try await DomainFixture.seed(on: server)
        let store = server.basins.storage(for: fixture.basinA)
        var generator = SyntheticOffers()
        let weeks = [fixture.week(3), fixture.week(4)]
        let seedStart = ContinuousClock.now
        for start in stride(from: 0, to: count, by: 5_000) {
            let batch = (start..<min(start + 5_000, count)).map { generator.offer($0, weeks: weeks, seats: 2) }
            _ = try await store.importOffers(batch)
        }
        print("\(stores): seeded \(count) offers in \(ContinuousClock.now - seedStart)")

        var random = SplitMix64(seed: 7)
        let texts = SyntheticOffers.words.map { String($0.prefix(5)) }
        var points = SyntheticOffers(seed: 8)
        func query() -> (text: String, level: Level, near: GeoPoint) {
            (texts.randomElement(using: &random)!, Level.allCases.randomElement(using: &random)!, points.point())
        }
        var storeLatencies: [Duration] = []
        var found = 0
        // Process CPU time of the measured store queries: a figure less bent by other work on a shared machine than
        // the latencies (the server's idle event loops add little; on PostgreSQL, the database's own CPU is not in it).
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
        return (
            BenchmarkSupport.Measurement(latencies: storeLatencies, label: "store"),
            BenchmarkSupport.Measurement(latencies: rpcLatencies, label: "RPC over WebSocket"),
            storeCPU,
            found
        )
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
