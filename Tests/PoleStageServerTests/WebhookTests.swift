import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

/// The inbox's events posted to a real local HTTP receiver: signed, in order, at least once, never a pupil reference.
@Suite("Webhooks: signed, retried, kept across restarts")
struct WebhookTests {
    static let secret = Array("a webhook secret of thirty-two bytes or more".utf8)

    static func configuration(_ url: URL, directory: URL = .temporaryTestDirectory(), maxAttempts: Int = 20)
        -> ServerConfiguration
    {
        var configuration = ServerConfiguration.testing(dataDirectory: directory)
        configuration.webhooks = WebhookConfiguration(
            urls: [url],
            secret: Self.secret,
            pollInterval: .milliseconds(20),
            firstBackoff: .milliseconds(20),
            maxBackoff: .milliseconds(100),
            maxAttempts: maxAttempts,
            timeout: .seconds(5)
        )
        return configuration
    }

    /// A pupil applies and the company accepts: a message to the company and one to the school, then one to the pupil
    /// and one to the school.
    static func applyAndAccept(_ server: PoleStageServer, _ addresses: ListeningAddresses, _ fixture: DomainFixture)
        async throws -> Int64
    {
        try await withWebSocketClients(addresses) { clients in
            let setup = try await InboxTests.setUp(clients, server, fixture)
            let application = try await clients.applications.apply(
                PlacementServiceTests.apply(fixture, offer: setup.offer.id),
                metadata: setup.pupilToken
            )
            _ = try await clients.applications.acceptApplication(
                .with { $0.applicationID = application.id },
                metadata: fixture.metadata(.companyA)
            )
            return application.id
        }
    }

    static func json(_ request: WebhookReceiver.Request) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
    }

    @Test("each event reaches the receiver signed and in order, once, after the receiver fails then recovers")
    func failsThenRecovers() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            receiver.setFailing(true)
            try await withTestServer(Self.configuration(url)) { server, addresses in
                let fixture = try await DomainFixture.seed(on: server)
                let application = try await Self.applyAndAccept(server, addresses, fixture)
                // The first event is refused at least twice before the receiver recovers.
                _ = try await withTimeout(.seconds(30)) { await receiver.nextReceived(2) }
                receiver.setFailing(false)
                let accepted = try await withTimeout(.seconds(30)) { await receiver.nextAccepted(4) }
                let bodies = try accepted.map(Self.json)
                #expect(
                    bodies.map { $0["kind"] as? String } == [
                        "application.received", "application.sent", "application.accepted", "application.accepted",
                    ]
                )
                #expect(
                    bodies.map { ($0["recipient"] as? [String: Any])?["type"] as? String } == [
                        "company", "school", "pupil", "school",
                    ]
                )
                // A pupil's event names its school, never the pupil.
                #expect((bodies[2]["recipient"] as? [String: Any])?["id"] as? String == fixture.schoolA1.rawValue)
                #expect(bodies.allSatisfy { $0["application_id"] as? Int64 == application })
                for request in accepted {
                    let text = String(decoding: request.body, as: UTF8.self)
                    #expect(!text.contains("IN-0001"))
                    let timestamp = try #require(Int64(request.headers["x-polestage-timestamp"] ?? ""))
                    let signature = try #require(request.headers["x-polestage-signature"])
                    #expect(
                        WebhookSignature.verify(
                            signature: signature,
                            body: request.body,
                            timestamp: timestamp,
                            secret: Self.secret
                        )
                    )
                    #expect(
                        !WebhookSignature.verify(
                            signature: signature,
                            body: request.body + [0x20],
                            timestamp: timestamp,
                            secret: Self.secret
                        )
                    )
                }
                // Delivered once each: every 200 is for another delivery id.
                let delivered = receiver.requests.filter { $0.answered == 200 }.map {
                    $0.headers["x-polestage-delivery"] ?? ""
                }
                #expect(delivered.count == 4 && Set(delivered).count == 4)
                #expect(receiver.requests.filter { $0.answered == 500 }.count >= 2)
            }
        }
    }

    @Test("an event refused every time is dead-lettered after the last attempt, and the next ones go on")
    func deadLetter() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await withTestServer(Self.configuration(url, maxAttempts: 3)) { server, addresses in
                let fixture = try await DomainFixture.seed(on: server)
                // The first message of basin A is the company's "received".
                receiver.failAlways("\(fixture.basinA.rawValue)/1")
                _ = try await Self.applyAndAccept(server, addresses, fixture)
                let accepted = try await withTimeout(.seconds(30)) { await receiver.nextAccepted(3) }
                #expect(
                    try accepted.map { try Self.json($0)["kind"] as? String } == [
                        "application.sent", "application.accepted", "application.accepted",
                    ]
                )
                let refused = receiver.requests.filter {
                    $0.headers["x-polestage-delivery"] == "\(fixture.basinA.rawValue)/1"
                }
                #expect(refused.count == 3)
                let status = try #require(try await server.basins.storage(for: fixture.basinA).webhookStatuses().first)
                // Recorded before the next event was sent.
                #expect(status.deadLetters == 1)
            }
        }
    }

    @Test("events not yet delivered when the server stops are delivered by the next start")
    func keptAcrossRestart() async throws {
        let receiver = WebhookReceiver()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "polestage-hooks-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        try await receiver.run { url in
            receiver.setFailing(true)
            let configuration = Self.configuration(url, directory: directory)
            let basin = try await withTestServer(configuration) { server, addresses in
                let fixture = try await DomainFixture.seed(on: server)
                _ = try await Self.applyAndAccept(server, addresses, fixture)
                _ = try await withTimeout(.seconds(30)) { await receiver.nextReceived(1) }
                return fixture.basinA
            }
            receiver.setFailing(false)
            try await withTestServer(configuration) { _, _ in
                let accepted = try await withTimeout(.seconds(30)) { await receiver.nextAccepted(4) }
                #expect(
                    accepted.map { $0.headers["x-polestage-delivery"] }
                        == ["1", "2", "3", "4"].map {
                            "\(basin.rawValue)/\($0)"
                        }
                )
            }
        }
    }
}
