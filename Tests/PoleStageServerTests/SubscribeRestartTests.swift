import Foundation
import GRPCCore
import PoleStageProto
import PoleStageTesting
import PoleStageWebSocketTransport
import SwiftProtobuf
import Testing

/// The change log and its epoch live in the basin's file: a position survives a restart of the server process.
@Suite("Live offers across a restart of the server process")
struct SubscribeRestartTests {
    @Test("changes missed before and after a restart are replayed once each, in order, then live")
    func acrossRestart() async throws {
        try await ExecutableTests.withDataDirectory { data in
            let first = try ExecutableTests.Running([
                "serve", "--demo", "--port", "0", "--grpc-port", "0", "--data", data,
            ])
            let (url, lines) = try await first.waitUntilListening()
            let tokens = ExecutableTests.tokens(in: lines)
            let school: Metadata = ["authorization": "Bearer \(try #require(tokens["school"]))"]
            let company: Metadata = ["authorization": "Bearer \(try #require(tokens["company"]))"]

            func create(_ offers: Polestage_Offers_V1_OfferService.Client<WebSocketTransport.Client>, _ index: Int)
                async throws -> Int64
            {
                try await offers.createOffer(
                    .with {
                        $0.details = CrashTests.details(index)
                        $0.publish = true
                    },
                    metadata: company
                ).id
            }

            let (position, beforeRestart) = try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) {
                client in
                let offers = Polestage_Offers_V1_OfferService.Client(wrapping: client)
                let subscriber = OfferSubscriber(offers, .init(), metadata: school)
                let position = try #require(try await subscriber.untilLive().last?.position)
                subscriber.cancel()
                var ids: [Int64] = []
                for index in 0..<2 { ids.append(try await create(offers, index)) }
                return (position, ids)
            }
            #expect(try await first.stop() == 0)

            let second = try ExecutableTests.Running(["serve", "--port", "0", "--grpc-port", "0", "--data", data])
            let (again, _) = try await second.waitUntilListening()
            try await withGRPCClient(transport: WebSocketTransport.Client(url: again)) { client in
                let offers = Polestage_Offers_V1_OfferService.Client(wrapping: client)
                var created = beforeRestart
                for index in 2..<5 { created.append(try await create(offers, index)) }
                let resumed = OfferSubscriber(offers, .with { $0.resumeFrom = position }, metadata: school)
                let replay = try await resumed.untilLive()
                let changes = replay.dropLast()
                #expect(changes.map(\.change.kind) == Array(repeating: .offerCreated, count: 5))
                #expect(changes.map(\.change.offer.id) == created)
                #expect(changes.allSatisfy { $0.position.epoch == position.epoch })
                let live = try await create(offers, 5)
                #expect(try await resumed.changes(1).map(\.change.offer.id) == [live])
                resumed.cancel()
            }
            #expect(try await second.stop() == 0)
        }
    }
}
