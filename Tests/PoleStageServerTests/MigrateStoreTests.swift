import Foundation
import GRPCCore
import PoleStageProto
import PoleStageTesting
import PoleStageWebSocketTransport
import SwiftProtobuf
import Testing

/// `polestage migrate-store`, as an operator runs it: a demo data folder copied into an empty database, checked, and
/// served from the database with the same tokens, offers and change-log positions.
@Suite(
    "polestage migrate-store",
    .enabled(
        if: TestStores.testDatabaseURL != nil || ProcessInfo.processInfo.environment["CI"] != nil,
        "POLESTAGE_TEST_POSTGRES_URL names no database (scripts/postgres-test-cluster.sh starts one)"
    )
)
struct MigrateStoreTests {
    static func offerIDs(_ url: String, token: String) async throws -> [Int64] {
        try await ExecutableTests.search(url, token: token).offers.map(\.id).sorted()
    }

    @Test(
        "a data folder is copied and checked; the database serves its tokens, offers and positions; a second copy and a folder in use are refused"
    )
    func copyAndServe() async throws {
        try await ExecutableTests.withDataDirectory { data in
            try await withTestDatabase { _, database in
                // The folder, as a server on SQLite files left it.
                let first = try ExecutableTests.Running([
                    "serve", "--demo", "--port", "0", "--grpc-port", "0", "--data", data,
                ])
                let (url, lines) = try await first.waitUntilListening()
                let tokens = ExecutableTests.tokens(in: lines)
                let school = try #require(tokens["school"])
                let company: Metadata = ["authorization": "Bearer \(try #require(tokens["company"]))"]
                let offersBefore = try await Self.offerIDs(url, token: school)
                #expect(!offersBefore.isEmpty)
                let head = try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
                    let offers = Polestage_Offers_V1_OfferService.Client(wrapping: client)
                    let animator = try #require(tokens["animator"])
                    return try await offers.getPresence(.init(), metadata: ["authorization": "Bearer \(animator)"]).head
                }

                // Not while a server uses the folder.
                let refused = try ExecutableTests.Running(["migrate-store", "--data", data, "--database", database])
                #expect(try await refused.exitCode() != 0)
                let refusal = try await refused.output()
                #expect(refusal.contains("is in use"), "\(refusal)")
                #expect(try await first.stop() == 0)

                let copy = try ExecutableTests.Running(["migrate-store", "--data", data, "--database", database])
                let report = try await copy.output()
                #expect(try await copy.exitCode() == 0, "\(report)")
                for store in ["académie", "chalon-tournus-louhans", "dijon", "le-creusot-montceau", "macon"] {
                    #expect(report.contains("Checked \(store): "), "\(report)")
                }
                #expect(report.contains("Copied the signing keys"), "\(report)")

                // Into a database that holds a pôle: refused, saying why.
                let again = try ExecutableTests.Running(["migrate-store", "--data", data, "--database", database])
                #expect(try await again.exitCode() != 0)
                let secondRefusal = try await again.output()
                #expect(secondRefusal.contains("already holds a pôle (4 basins"), "\(secondRefusal)")

                // Served from the database: the tokens signed on SQLite hold, the offers are the same, and the change
                // log goes on from the position it had.
                let served = try ExecutableTests.Running([
                    "serve", "--database", database, "--port", "0", "--grpc-port", "0", "--data", data + "-node",
                ])
                let (nodeURL, _) = try await served.waitUntilListening()
                #expect(try await Self.offerIDs(nodeURL, token: school) == offersBefore)
                try await withGRPCClient(transport: WebSocketTransport.Client(url: nodeURL)) { client in
                    let offers = Polestage_Offers_V1_OfferService.Client(wrapping: client)
                    let subscriber = OfferSubscriber(
                        offers,
                        .with { $0.resumeFrom = head },
                        metadata: ["authorization": "Bearer \(school)"]
                    )
                    // Nothing changed since: the resumed subscription goes live at once, then sees the next change.
                    let caughtUp = try await subscriber.untilLive(within: .seconds(60))
                    #expect(caughtUp.count == 1, "\(caughtUp)")
                    let created = try await TwoNodesTests.create(1, from: 0, through: nodeURL, metadata: company)
                    let next = try await subscriber.changes(1, within: .seconds(60))
                    #expect(next.first?.position.epoch == head.epoch)
                    #expect(next.first?.position.offset == head.offset + 1)
                    #expect(next.first?.change.offer.id == created.first)
                    #expect((created.first ?? 0) > (offersBefore.last ?? 0))
                    subscriber.cancel()
                }
                #expect(try await served.stop() == 0)
                try? FileManager.default.removeItem(atPath: data + "-node")
            }
        }
    }
}

/// `polestage migrate-store` refuses what it cannot copy, saying what to give instead; no database is needed.
@Suite("polestage migrate-store: bad input")
struct MigrateStoreInputTests {
    @Test(
        "a missing database, a database URL of another engine, and a folder without an académie store are refused",
        arguments: [
            ([] as [String], "name the database to copy into: --database postgres://"),
            (["--database", "mysql://pole@127.0.0.1/polestage"], "a database URL starts with postgres://"),
            (["--database", "postgres://pole@127.0.0.1:1/polestage"], "holds no académie store (academy.sqlite)"),
        ]
    )
    func refused(arguments: [String], message: String) async throws {
        try await ExecutableTests.withDataDirectory { data in
            let run = try ExecutableTests.Running(["migrate-store", "--data", data] + arguments)
            let output = try await run.output()
            #expect(try await run.exitCode() != 0)
            #expect(output.contains(message), "\(output)")
        }
    }
}
