import Foundation
import GRPCCore
import PoleStageProto
import PoleStageTesting
import PoleStageWebSocketTransport
import SwiftProtobuf
import Synchronization
import Testing

/// The server process killed with SIGKILL while writes stream in: every write it acknowledged is there after a restart.
@Suite("Crash: acknowledged writes survive SIGKILL")
struct CrashTests {
    static func details(_ index: Int) -> Polestage_Offers_V1_OfferDetails {
        var week = Calendar(identifier: .iso8601).dateComponents([.yearForWeekOfYear, .weekOfYear], from: Date())
        let weekOfYear = (week.weekOfYear ?? 1) % 50 + 2
        week.weekOfYear = weekOfYear
        return .with {
            $0.tradeCode = "G1602"
            $0.title = "Cuisine \(index)"
            $0.levels = [.cap]
            $0.periods = [
                .with {
                    $0.week = .with {
                        $0.year = Int32((week.yearForWeekOfYear ?? 2026) + (weekOfYear < 3 ? 1 : 0))
                        $0.week = Int32(weekOfYear)
                    }
                    $0.seats = 1
                }
            ]
            $0.address = .with {
                $0.street = "1 rue du Port"
                $0.postalCode = "71100"
                $0.commune = "Chalon-sur-Saône"
            }
            $0.location = .with {
                $0.latitude = 46.78
                $0.longitude = 4.85
            }
        }
    }

    /// Eight callers create offers through `url` until their calls fail; `process` is killed with SIGKILL once `count`
    /// writes are acknowledged. Returns the acknowledged writes.
    static func writeUntilKilled(
        _ process: ExecutableTests.Running,
        url: String,
        metadata: Metadata,
        after count: Int,
        firstIndex: Int = 0
    ) async throws -> AcknowledgedWrites {
        let acknowledged = AcknowledgedWrites()
        try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
            let offers = Polestage_Offers_V1_OfferService.Client(wrapping: client)
            await withTaskGroup(of: Void.self) { group in
                for caller in 0..<8 {
                    group.addTask {
                        for index in 0..<1000 {
                            do {
                                let offer = try await offers.createOffer(
                                    .with {
                                        $0.details = Self.details(firstIndex + caller * 1000 + index)
                                        $0.publish = true
                                    },
                                    metadata: metadata
                                )
                                acknowledged.record(offer.id)
                            } catch {
                                // After the kill, every call fails; before it, a failure ends the wait below.
                                acknowledged.fail(error)
                                return
                            }
                        }
                    }
                }
                group.addTask {
                    do {
                        try await acknowledged.wait(forCount: count)
                    } catch {
                        Issue.record("a write failed before the kill: \(error)")
                    }
                    kill(process.process.processIdentifier, SIGKILL)
                }
            }
        }
        return acknowledged
    }

    @Test(
        "writes streamed by 8 callers, SIGKILL, restart: every acknowledged offer is stored, and a subscriber that resumes sees each change once"
    )
    func sigkillDuringWrites() async throws {
        try await ExecutableTests.withDataDirectory { data in
            let first = try ExecutableTests.Running([
                "serve", "--demo", "--port", "0", "--grpc-port", "0", "--data", data,
            ])
            let (url, lines) = try await first.waitUntilListening()
            let token = try #require(ExecutableTests.tokens(in: lines)["company"])
            let metadata: Metadata = ["authorization": "Bearer \(token)"]
            let schoolToken = try #require(ExecutableTests.tokens(in: lines)["school"])
            let school: Metadata = ["authorization": "Bearer \(schoolToken)"]
            // A school watches live on its own WebSocket, which the kill cuts too.
            let watchTransport = WebSocketTransport.Client(url: url)
            let watchClient = GRPCClient(transport: watchTransport)
            let watchConnection = Task { try await watchClient.runConnections() }
            let watcher = OfferSubscriber(
                Polestage_Offers_V1_OfferService.Client(wrapping: watchClient),
                .init(),
                metadata: school
            )
            let start = try #require(try await watcher.untilLive().last?.position)

            // Eight callers write until the connection breaks; the process is killed once 200 writes are in.
            let acknowledged = try await Self.writeUntilKilled(first, url: url, metadata: metadata, after: 200)
            #expect(try await first.exitCode() != 0)
            let ids = acknowledged.ids
            #expect(ids.count >= 200)

            let second = try ExecutableTests.Running(["serve", "--port", "0", "--grpc-port", "0", "--data", data])
            let (again, _) = try await second.waitUntilListening()
            let found = try await TwoNodesTests.stored(ids, through: again, metadata: metadata)
            #expect(found == Set(ids), "\(Set(ids).subtracting(found).count) acknowledged offers lost")

            // The watcher resumes from the last position it received: every change once, in order.
            _ = try await watcher.ended()
            watchClient.beginGracefulShutdown()
            _ = try? await watchConnection.value
            let before = watcher.received.filter { $0.change.kind == .offerCreated }
            let resumeFrom = watcher.received.last?.position ?? start
            let seen = try await withGRPCClient(transport: WebSocketTransport.Client(url: again)) { client in
                let resumed = OfferSubscriber(
                    Polestage_Offers_V1_OfferService.Client(wrapping: client),
                    .with { $0.resumeFrom = resumeFrom },
                    metadata: school
                )
                let after = try await resumed.untilLive(within: .seconds(60)).dropLast()
                resumed.cancel()
                return before + after
            }
            #expect(seen.allSatisfy { $0.change.kind == .offerCreated })
            let offsets = seen.map(\.position.offset)
            #expect(offsets == offsets.sorted() && Set(offsets).count == offsets.count, "a change came twice")
            #expect(offsets.first.map { $0 > start.offset } ?? true)
            let created = seen.map(\.change.offer.id)
            #expect(Set(created).count == created.count)
            #expect(
                Set(created).isSuperset(of: ids),
                "\(Set(ids).subtracting(created).count) acknowledged offers unseen"
            )
            #expect(try await second.stop() == 0)
        }
    }
}

/// The writes a server acknowledged, in order, and the count they reached: a test waits for a count, and a writer that
/// fails ends every wait with its error rather than leave it waiting for writes that will never come.
final class AcknowledgedWrites: Sendable {
    private struct State {
        var ids: [Int64] = []
        var failure: (any Error)?
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    }

    private let state = Mutex(State())

    func record(_ id: Int64) {
        let ready = self.state.withLock { state in
            state.ids.append(id)
            let count = state.ids.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return ready
        }
        for waiter in ready { waiter.resume() }
    }

    /// Ends every wait, present and future, with `error` (the first failure wins).
    func fail(_ error: any Error) {
        let waiters = self.state.withLock { state in
            if state.failure == nil { state.failure = error }
            defer { state.waiters.removeAll() }
            return state.waiters.map(\.continuation)
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    /// Returns once `count` writes are acknowledged; throws a writer's failure.
    func wait(forCount count: Int) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome: Result<Void, any Error>? = self.state.withLock { state in
                if state.ids.count >= count { return .success(()) }
                if let failure = state.failure { return .failure(failure) }
                state.waiters.append((count, continuation))
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    var ids: [Int64] { self.state.withLock { $0.ids } }
}
