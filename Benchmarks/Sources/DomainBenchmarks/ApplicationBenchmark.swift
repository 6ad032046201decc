import BenchmarkSupport
import Foundation
import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import PoleStageWebSocketTransport
import Synchronization

/// 64 schools apply for their pupils to a few four-week offers over 4 WebSockets: applications per second, then a check
/// that no week holds more seats than it has (overbooked weeks) and that every week's taken seats are exactly the live
/// applications covering it (a half-held period would show there).
func applicationBenchmark(schools: Int, offers: Int, seatsPerWeek: Int, duration: Duration) async throws {
    try await withTestServer(.benchmark) { server, addresses in
        let fixture = try await DomainFixture.seed(on: server)
        let store = server.basins.storage(for: fixture.basinA)
        let weeks = fixture.week(3).through(fixture.week(6))
        var generator = SyntheticOffers(seed: 13)
        let ids = try await store.importOffers(
            (0..<offers).map { index in
                var offer = generator.offer(index, weeks: weeks, seats: seatsPerWeek)
                offer.details.levels = [.cap]
                // Staggered: the third week has fewer seats, so a period held in part would be seen.
                offer.details.seats[weeks[2]] = max(1, seatsPerWeek - 2)
                return offer
            }
        )
        // No priority window: the offers are published just before the race. The priority check still runs in each
        // application's transaction.
        _ = try await store.setPlacementRules(
            PlacementRules(maxPendingApplications: 20, pendingDays: 14, priorityWindowDays: 0)
        )
        var tokens: [String] = []
        var rosters: [[Int64]] = []
        for index in 0..<schools {
            let body = String(format: "0718%03d", index)
            let uai = UAI(body + String(UAI.checkLetter(for: body)!))!
            try await server.academy.saveSchool(
                School(
                    uai: uai,
                    name: "Lycée \(index)",
                    kind: .lyceeProfessionnel,
                    commune: "Chalon",
                    basin: fixture.basinA,
                    location: SyntheticOffers.centre
                )
            )
            _ = try await store.setSchoolPeriods(
                [SchoolPeriod(level: .cap, from: weeks[0], to: weeks[3], pupils: 400)],
                school: uai
            )
            _ = try await store.importPupils(
                (0..<400).map { PupilDetails(ref: PupilRef(String(format: "B%03d-%04d", index, $0))!, className: "1CAP", level: .cap) },
                school: uai
            )
            rosters.append(try await store.roster(school: uai, year: store.schoolYear).map(\.pupil.id))
            tokens.append(
                try await server.tokens.issue(for: .school(user: "bench-\(index)", school: uai), lifetime: .seconds(3600))
            )
        }
        let from = Polestage_Common_V1_IsoWeek.with {
            $0.year = Int32(weeks[0].year)
            $0.week = Int32(weeks[0].week)
        }
        let to = Polestage_Common_V1_IsoWeek.with {
            $0.year = Int32(weeks[3].year)
            $0.week = Int32(weeks[3].week)
        }
        let accepted = Atomic<Int>(0)
        let refused = Atomic<Int>(0)
        let connections = 4
        let transports = (0..<connections).map { _ in WebSocketTransport.Client(url: addresses.webSocketURL) }
        let schoolTokens = tokens
        let pupils = rosters
        let measurement = try await withThrowingTaskGroup(of: Void.self) { group in
            let clients = transports.map { GRPCClient(transport: $0) }
            for client in clients {
                group.addTask { try await client.runConnections() }
            }
            let counter = Atomic<Int>(0)
            let result = try await measure("Apply", concurrency: schools, warmup: .zero, duration: duration) {
                let call = counter.add(1, ordering: .relaxed).newValue
                let school = call % schools
                let roster = pupils[school]
                let applications = Polestage_Placements_V1_ApplicationService.Client(wrapping: clients[school % connections])
                do {
                    _ = try await applications.apply(
                        .with {
                            $0.offerID = ids[Int(UInt(bitPattern: call &* 2_654_435_761) % UInt(ids.count))]
                            $0.pupilID = roster[(call / schools) % roster.count]
                            $0.fromWeek = from
                            $0.toWeek = to
                        },
                        metadata: ["authorization": "Bearer \(schoolTokens[school])"]
                    )
                    accepted.add(1, ordering: .relaxed)
                } catch let error as RPCError where error.code == .failedPrecondition || error.code == .alreadyExists {
                    refused.add(1, ordering: .relaxed)
                }
            }
            for client in clients { client.beginGracefulShutdown() }
            try await group.waitForAll()
            return result
        }

        var overbooked = 0
        var halfHeld = 0
        var taken = 0
        for id in ids {
            guard let offer = try await store.offer(id) else { continue }
            let live = try await store.applications(.offer(id), liveOnly: true)
            for period in offer.periods {
                if period.taken > period.seats { overbooked += 1 }
                taken += period.taken
                let holding = live.filter { $0.from <= period.week && period.week <= $0.to }.count
                if holding != period.taken { halfHeld += 1 }
            }
        }
        print("Applications: \(schools) schools racing on \(offers) offers × 4 weeks, \(connections) WebSockets")
        print(
            "| applications/s | accepted | refused (full, limit) | p50 ms | p99 ms | CPU µs/application | overbooked weeks | weeks not matching their applications |"
        )
        print("|---|---|---|---|---|---|---|---|")
        print(
            String(
                format: "| %.0f | %d | %d | %.3f | %.3f | %.1f | %d | %d |",
                measurement.throughput,
                accepted.load(ordering: .relaxed),
                refused.load(ordering: .relaxed),
                measurement.percentile(50).milliseconds,
                measurement.percentile(99).milliseconds,
                measurement.cpuMicrosecondsPerOperation,
                overbooked,
                halfHeld
            )
        )
        print("Week-seats taken: \(taken). Target: ≥ 5,000 applications/s, 0 overbooked weeks, 0 half-held periods.\n")
    }
}

/// A company accepts applications one after another while each pupil and its school watch their inbox: the time from
/// the acceptance's write to the message on each stream.
func inboxBenchmark(acceptances: Int) async throws {
    try await withTestServer(.benchmark) { server, addresses in
        let fixture = try await DomainFixture.seed(on: server)
        let store = server.basins.storage(for: fixture.basinA)
        let weeks = [fixture.week(3)]
        var generator = SyntheticOffers(seed: 17)
        var offer = generator.offer(0, weeks: weeks, seats: acceptances)
        offer.details.levels = [.cap]
        guard let offerID = try await store.importOffers([offer]).first else { fatalError("the offer was not imported") }
        _ = try await store.setSchoolPeriods(
            [SchoolPeriod(level: .cap, from: weeks[0], to: weeks[0], pupils: acceptances)],
            school: fixture.schoolA1
        )
        _ = try await store.importPupils(
            (0..<acceptances).map { PupilDetails(ref: PupilRef(String(format: "I-%05d", $0))!, className: "1CAP", level: .cap) },
            school: fixture.schoolA1
        )
        let pupils = try await store.roster(school: fixture.schoolA1, year: store.schoolYear).map(\.pupil)
        let facts = try await server.academy.priorityFacts(of: fixture.schoolA1)
        var applications: [Int64] = []
        for pupil in pupils {
            applications.append(
                try await store.apply(
                    ApplicationRequest(
                        offer: offerID,
                        pupil: pupil.id,
                        from: weeks[0],
                        to: weeks[0],
                        motivation: "",
                        madeBy: .school,
                        school: facts
                    )
                ) { _, _ in }.id
            )
        }
        let timings = Timings()
        let (allIn, allInContinuation) = AsyncStream.makeStream(of: Void.self)
        let expected = acceptances * 2
        func watch(_ metadata: Metadata, client: GRPCClient<WebSocketTransport.Client>) -> InboxWatcher {
            InboxWatcher(Polestage_Placements_V1_InboxService.Client(wrapping: client), metadata: metadata)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            let clients = (0..<8).map { _ in GRPCClient(transport: WebSocketTransport.Client(url: addresses.webSocketURL)) }
            for client in clients { group.addTask { try await client.runConnections() } }
            var watchers: [InboxWatcher] = []
            for (index, pupil) in pupils.enumerated() {
                let token = try await server.tokens.issue(
                    for: .pupil(user: "bench-pupil-\(index)", school: fixture.schoolA1, rosterID: pupil.id),
                    lifetime: .seconds(3600)
                )
                watchers.append(watch(["authorization": "Bearer \(token)"], client: clients[index % clients.count]))
            }
            let school = watch(fixture.metadata(.schoolA1), client: clients[0])
            watchers.append(school)
            for watcher in watchers { _ = try await watcher.untilLive() }
            // Each watcher's accepted messages, timed on arrival against the message's write time.
            for watcher in watchers {
                group.addTask {
                    while true {
                        guard let event = try? await watcher.next(within: .seconds(60)), case .message(let message) = event.event
                        else { return }
                        guard message.kind == .applicationAccepted else { continue }
                        let now = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
                        timings.latencies.withLock { $0.append(.microseconds(now - message.atUnixMs * 1000)) }
                        if timings.received.add(1, ordering: .relaxed).newValue == expected {
                            allInContinuation.finish()
                        }
                    }
                }
            }
            let company = Polestage_Placements_V1_ApplicationService.Client(wrapping: clients[1])
            for application in applications {
                _ = try await company.acceptApplication(
                    .with { $0.applicationID = application },
                    metadata: fixture.metadata(.companyA)
                )
            }
            for await _ in allIn {}
            for watcher in watchers { watcher.cancel() }
            for client in clients { client.beginGracefulShutdown() }
            group.cancelAll()
        }
        let sorted = timings.latencies.withLock { $0 }.sorted()
        func percentile(_ p: Double) -> Double {
            sorted[min(sorted.count - 1, Int(Double(sorted.count) * p / 100))].milliseconds
        }
        print("Inbox: \(acceptances) acceptances, each to the pupil's stream and the school's (\(pupils.count + 1) streams)")
        print("| messages | p50 ms | p99 ms | max ms |")
        print("|---|---|---|---|")
        print(String(format: "| %d | %.3f | %.3f | %.3f |", sorted.count, percentile(50), percentile(99), sorted.last?.milliseconds ?? 0))
        print("Target: p99 ≤ 50 ms from the acceptance's write to the message on the streams.\n")
    }
}

/// The inbox benchmark's measurements, shared by the watchers' tasks.
private final class Timings: Sendable {
    let latencies = Mutex<[Duration]>([])
    let received = Atomic<Int>(0)
}
