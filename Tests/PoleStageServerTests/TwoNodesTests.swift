import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import SwiftProtobuf
import Testing

/// Debian's PostgreSQL, when installed (`.ci/run` installs it).
private let postgresInstalled =
    ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).contains {
        FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb")
    }

/// Two `polestage` processes on one PostgreSQL database behind Debian's nginx (`deploy/nginx/polestage.conf` with both
/// in its upstreams): live changes cross nodes, a node killed with SIGKILL loses nothing it acknowledged and its
/// subscribers resume on the other, and the nodes ride out a restart of PostgreSQL.
///
/// The database is a cluster of the test's own (`scripts/postgres-test-cluster.sh`), which it stops and starts again
/// without disturbing the other tests' cluster.
@Suite(
    "Two nodes on PostgreSQL behind nginx",
    .enabled(if: NginxTests.nginx != nil, "nginx is not installed"),
    .enabled(if: postgresInstalled, "PostgreSQL is not installed")
)
struct TwoNodesTests {
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/postgres-test-cluster.sh").path
    }

    /// Runs `scripts/postgres-test-cluster.sh` with `arguments`; returns what it printed.
    ///
    /// Spawned and waited for here rather than with `Process`, whose termination handler never came for this script
    /// (which leaves a daemon behind) in this test process: the shell stayed a zombie.
    @discardableResult
    static func cluster(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let output = URL.temporaryTestDirectory().appendingPathExtension("log")
        try FileManager.default.createDirectory(
            at: output.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        defer { try? FileManager.default.removeItem(at: output) }
        let argv = ["/bin/bash", Self.script] + arguments
        let variables = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            .map { "\($0.key)=\($0.value)" }
        let code: Int32 = try await withBlockingWork {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            let cArguments = argv.map { strdup($0) } + [nil]
            let cEnvironment = variables.map { strdup($0) } + [nil]
            defer { for pointer in cArguments + cEnvironment { free(pointer) } }
            var pid = pid_t()
            let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, cArguments, cEnvironment)
            guard spawned == 0 else { throw TestFailure("could not start bash: \(spawned)") }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            return status
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard code == 0 else { throw TestFailure("postgres-test-cluster.sh \(arguments) failed (\(code)): \(text)") }
        return text
    }

    /// Runs `work` on a thread of its own, off the cooperative pool, and returns its result.
    static func withBlockingWork<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    /// A cluster of the test's own while `body` runs: its URL and folder.
    static func withCluster<T: Sendable>(_ body: (String, String) async throws -> T) async throws -> T {
        let port = try await NginxTests.freePort()
        let output = try await Self.cluster(["start"], environment: ["POLESTAGE_TEST_POSTGRES_PORT": "\(port)"])
        func value(_ name: String) throws -> String {
            let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("export \(name)=") })
            return String(line.dropFirst("export \(name)=".count))
        }
        let (url, directory) = (try value("POLESTAGE_TEST_POSTGRES_URL"), try value("POLESTAGE_TEST_POSTGRES_DIR"))
        do {
            let result = try await body(url, directory)
            try await Self.cluster(["stop", directory])
            return result
        } catch {
            _ = try? await Self.cluster(["stop", directory])
            throw error
        }
    }

    /// Runs one phase of the test; its error says which phase failed.
    static func phase<T: Sendable>(_ name: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw TestFailure("\(name): \(error)")
        }
    }

    /// A node's addresses, read from its startup line.
    static func addresses(of node: ExecutableTests.Running) async throws -> (ListeningAddresses, [String]) {
        let (line, before) = try await node.waitForListeningLine()
        let webSocket = try #require(ExecutableTests.Running.field("websocket", in: line))
        let url = try #require(URL(string: webSocket))
        let grpcField = try #require(ExecutableTests.Running.field("grpc.port", in: line))
        let grpcPort = try #require(Int(grpcField))
        let addresses = ListeningAddresses(
            host: "127.0.0.1",
            port: try #require(url.port),
            grpcPort: grpcPort,
            webSocketPath: "/grpc"
        )
        return (addresses, before)
    }

    static func url(_ addresses: ListeningAddresses) -> String {
        "ws://127.0.0.1:\(addresses.port)/grpc"
    }

    /// Creates `count` published offers through `url`, one after the other; returns their ids.
    static func create(_ count: Int, from first: Int, through url: String, metadata: Metadata) async throws -> [Int64] {
        try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
            let offers = Polestage_Offers_V1_OfferService.Client(wrapping: client)
            var ids: [Int64] = []
            for index in first..<(first + count) {
                let offer = try await offers.createOffer(
                    .with {
                        $0.details = CrashTests.details(index)
                        $0.publish = true
                    },
                    metadata: metadata
                )
                ids.append(offer.id)
            }
            return ids
        }
    }

    /// The ids among `ids` that a node finds.
    static func stored(_ ids: [Int64], through url: String, metadata: Metadata) async throws -> Set<Int64> {
        try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
            let offers = Polestage_Offers_V1_OfferService.Client(wrapping: client)
            var found = Set<Int64>()
            for id in ids {
                if let offer = try? await offers.getOffer(.with { $0.offerID = id }, metadata: metadata) {
                    found.insert(offer.id)
                }
            }
            return found
        }
    }

    @Test(
        "a write through one node reaches a subscriber of the other; after SIGKILL the subscriber resumes through nginx with no gap and no duplicate; acknowledged writes survive the kill and a restart of PostgreSQL"
    )
    func twoNodes() async throws {
        try await ExecutableTests.withDataDirectory { data in
            try await Self.withCluster { database, clusterDirectory in
                // Node A seeds the demo académie; node B finds it in the database.
                let a = try ExecutableTests.Running([
                    "serve", "--demo", "--database", database, "--port", "0", "--grpc-port", "0", "--data", data + "/a",
                ])
                let (nodeA, lines) = try await Self.phase("node A's start") { try await Self.addresses(of: a) }
                let tokens = ExecutableTests.tokens(in: lines)
                let company: Metadata = ["authorization": "Bearer \(try #require(tokens["company"]))"]
                let school: Metadata = ["authorization": "Bearer \(try #require(tokens["school"]))"]
                let animator: Metadata = ["authorization": "Bearer \(try #require(tokens["animator"]))"]
                let b = try ExecutableTests.Running([
                    "serve", "--database", database, "--port", "0", "--grpc-port", "0", "--data", data + "/b",
                ])
                let (nodeB, _) = try await Self.phase("node B's start") { try await Self.addresses(of: b) }
                let (httpPort, grpcPort) = (try await NginxTests.freePort(), try await NginxTests.freePort())
                let proxied = ListeningAddresses(
                    host: "127.0.0.1",
                    port: httpPort,
                    grpcPort: grpcPort,
                    webSocketPath: "/grpc"
                )
                let site = try NginxTests.site(httpPort: httpPort, grpcPort: grpcPort, nodes: [nodeA, nodeB])

                try await NginxTests.withNginx(site: site, port: httpPort) {
                    // A school watches live on node A.
                    let watchClient = GRPCClient(transport: WebSocketTransport.Client(url: Self.url(nodeA)))
                    let watchConnection = Task { try await watchClient.runConnections() }
                    let watcher = OfferSubscriber(
                        Polestage_Offers_V1_OfferService.Client(wrapping: watchClient),
                        .init(),
                        metadata: school
                    )
                    let caughtUp = try await Self.phase("the subscription on A") {
                        try await watcher.untilLive(within: .seconds(60))
                    }
                    let start = try #require(caughtUp.last?.position)

                    // Writes through node B reach it, in order.
                    let throughB = try await Self.create(20, from: 0, through: Self.url(nodeB), metadata: company)
                    let seen = try await Self.phase("B's writes seen on A") {
                        try await watcher.changes(20, within: .seconds(60))
                    }
                    #expect(seen.map(\.change.offer.id) == throughB)

                    // Node B counts node A's subscriber (each node publishes its counts every 2 seconds).
                    try await Self.phase("A's subscriber counted on B") {
                        try await withGRPCClient(transport: WebSocketTransport.Client(url: Self.url(nodeB))) { client in
                            let offers = Polestage_Offers_V1_OfferService.Client(wrapping: client)
                            try await waitUntil(within: .seconds(60)) {
                                try await offers.getPresence(.init(), metadata: animator).subscribers == 1
                            }
                        }
                    }

                    // Eight callers write through node A until it is killed, 100 writes in.
                    let acknowledged = try await CrashTests.writeUntilKilled(
                        a,
                        url: Self.url(nodeA),
                        metadata: company,
                        after: 100,
                        firstIndex: 1000
                    )
                    #expect(try await Self.phase("node A's end") { try await a.exitCode(within: .seconds(90)) } != 0)
                    let beforeKill = throughB + acknowledged.ids
                    let proxiedURL = Self.url(proxied)
                    let found = try await Self.stored(beforeKill, through: proxiedURL, metadata: company)
                    #expect(
                        found == Set(beforeKill),
                        "\(Set(beforeKill).subtracting(found).count) acknowledged offers lost"
                    )

                    // The watcher resumes through nginx, which has only node B left, from the last position it had.
                    _ = try await watcher.ended(within: .seconds(60))
                    watchClient.beginGracefulShutdown()
                    _ = try? await watchConnection.value
                    let resumeFrom = try #require(watcher.received.last?.position)
                    let resumed = try await withGRPCClient(transport: WebSocketTransport.Client(url: proxiedURL)) {
                        client in
                        let subscriber = OfferSubscriber(
                            Polestage_Offers_V1_OfferService.Client(wrapping: client),
                            .with { $0.resumeFrom = resumeFrom },
                            metadata: school
                        )
                        let after = try await subscriber.untilLive(within: .seconds(60)).dropLast()
                        subscriber.cancel()
                        return Array(after)
                    }
                    let live = watcher.received.filter {
                        if case .change = $0.event { $0.position.offset > start.offset } else { false }
                    }
                    let all = live + resumed
                    #expect(all.allSatisfy { $0.change.kind == .offerCreated })
                    let offsets = all.map(\.position.offset)
                    #expect(
                        offsets == Array((start.offset + 1)...(start.offset + Int64(offsets.count))),
                        "a change came twice, or one is missing"
                    )
                    #expect(Set(all.map(\.change.offer.id)).isSuperset(of: beforeKill))

                    // PostgreSQL stops: node B is not ready while it is away, and ready again once it is back.
                    try await Self.cluster(["pause", clusterDirectory])
                    try await Self.phase("B not ready without PostgreSQL") {
                        try await waitUntil(within: .seconds(60)) {
                            (try? await httpGet(nodeB, "/readyz"))?.status == 503
                        }
                    }
                    try await Self.cluster(["resume", clusterDirectory])
                    try await Self.phase("B ready again") {
                        try await waitUntil(within: .seconds(60)) {
                            (try? await httpGet(nodeB, "/readyz"))?.status == 200
                        }
                    }
                    let afterRestart = try await Self.stored(beforeKill, through: proxiedURL, metadata: company)
                    #expect(afterRestart == Set(beforeKill), "acknowledged offers lost in the restart")
                    let more = try await Self.create(5, from: 9000, through: proxiedURL, metadata: company)
                    #expect(more.count == 5)
                }
                #expect(try await Self.phase("node B's stop") { try await b.stop(within: .seconds(90)) } == 0)
            }
        }
    }
}
