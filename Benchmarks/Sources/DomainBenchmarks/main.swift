import Foundation
import Logging
import PoleStageTesting

// Domain benchmarks: fan-out of a change to 1,000 and 10,000 subscribers, server memory per idle subscriber, search on
// 100,000 offers, reservations and applications racing on few seats, the inbox's latency, and live delivery from one
// node to another. Search, reservations and cross-node delivery run on SQLite files and, when
// POLESTAGE_TEST_POSTGRES_URL names a cluster, on PostgreSQL with one node and with two, side by side. Release mode only:
//
//   swift run -c release --package-path Benchmarks DomainBenchmarks \
//     [fanout|memory|search|reservations|applications|inbox|crossnode]
//
// `fanout SUBSCRIBERS ROUNDS` runs one row, e.g. `fanout 10000 100` to profile the delivery rather than the setup.

let section = CommandLine.arguments.dropFirst().first
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .error
    return handler
}

if section == "--child-server" {
    try await runChildServer()
    exit(0)
}
if section == "--child-channel" {
    try await runChildChannelServer()
    exit(0)
}
if section == "--child-bare" {
    try await runChildBareServer()
    exit(0)
}
print("\(ProcessInfo.processInfo.activeProcessorCount) cores\n")
// PostgreSQL rows run when POLESTAGE_TEST_POSTGRES_URL names a cluster (scripts/postgres-test-cluster.sh start).
let backends: [TestStores] = TestStores.testDatabaseURL == nil ? [.files] : [.files, .postgres]
let deployments: [Deployment] =
    TestStores.testDatabaseURL == nil ? [.sqlite] : [.sqlite, .postgres, .postgresTwoNodes]
if section == nil || section == "fanout" {
    let arguments = CommandLine.arguments.dropFirst(2).compactMap { Int($0) }
    let rows = arguments.first.map { [$0] } ?? [1_000, 10_000]
    let rounds = arguments.dropFirst().first ?? 5
    print(
        "Fan-out: one offer change to every subscriber of a basin, 100 subscriptions per WebSocket, \(rounds) changes"
    )
    print("| deployment | subscribers | WebSockets | p50 ms | p99 ms | last ms | CPU µs per subscriber and change |")
    print("|---|---|---|---|---|---|---|")
    for subscribers in rows { try await fanOutBenchmark(subscribers: subscribers, rounds: rounds) }
    print("Target: p99 ≤ 100 ms at 10,000 subscribers.\n")
}
if section == nil || section == "memory" {
    print("Idle clients, one WebSocket each but in the last row, server in a child process")
    print("| each client holds | permessage-deflate | clients | server RSS before MiB | after MiB | per client KiB |")
    print("|---|---|---|---|---|---|")
    let only = CommandLine.arguments.dropFirst(2).first  // e.g. `memory subscription-off` for one row
    let cases: [MemoryCase] = [
        .bareWebSocket, .bareChannel, .connection(compression: false), .subscription(compression: false),
        .connection(compression: true), .subscription(compression: true), .sharedSubscriptions,
    ]
    for memoryCase in cases where only == nil || memoryCase.name == only {
        try await memoryBenchmark(clients: 1_000, case: memoryCase)
    }
    print("Target: ≤ 32 KiB per idle subscriber, connection included.\n")
}
if section == nil || section == "search" {
    try await searchBenchmark(offers: 100_000, queries: 2_000, backends: backends)
}
if section == nil || section == "reservations" {
    // One node without the pg_notify wake-ups too: what they cost the writes.
    try await reservationBenchmark(
        schools: 64,
        offers: 200,
        seatsPerOffer: 4,
        duration: .seconds(5),
        deployments: deployments.count > 1 ? deployments + [.postgresWithoutNotify] : deployments
    )
}
if section == nil || section == "crossnode" {
    print("Live delivery across nodes: one offer change to 1,000 subscribers on the first node, written through the last")
    print("(from the start of the writing RPC until each subscriber has the change; 10 WebSockets, 20 changes)")
    print("| deployment | subscribers | WebSockets | p50 ms | p99 ms | last ms | CPU µs per subscriber and change |")
    print("|---|---|---|---|---|---|---|")
    for deployment in deployments {
        try await fanOutBenchmark(subscribers: 1_000, rounds: 20, deployment: deployment)
    }
    print("Target: p99 ≤ 50 ms from a commit on one node to delivery on the other.\n")
}
if section == nil || section == "applications" {
    // Few seats: most applications lose the race and are refused; many seats: nearly every one holds its 4 weeks.
    try await applicationBenchmark(schools: 64, offers: 20, seatsPerWeek: 40, duration: .seconds(5))
    try await applicationBenchmark(schools: 64, offers: 20, seatsPerWeek: 2_000, duration: .seconds(5))
}
if section == nil || section == "inbox" {
    try await inboxBenchmark(acceptances: 500)
}
