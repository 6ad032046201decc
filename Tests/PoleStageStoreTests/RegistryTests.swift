import Foundation
import Synchronization
import Testing

@testable import PoleStageStore

@Suite("Basin store registry")
struct RegistryTests {
    @Test("a basin whose file does not exist is not found on its first operation, and no file is made")
    func missingBasin() async throws {
        try await withBasinFile { fixture in
            let absent = BasinID("absent-basin")!
            #expect(!fixture.registry.exists(absent))
            let store = fixture.registry.store(for: absent)
            let error = await #expect(throws: StoreError.self) { try await store.offer(1) }
            #expect(error == .notFound("stockage du bassin absent-basin"))
            let search = await #expect(throws: StoreError.self) {
                try await store.searchOffers(OfferQuery(viewer: .staff))
            }
            #expect(search?.isNotFound == true)
            #expect(!fixture.registry.exists(absent))
            #expect(!FileManager.default.fileExists(atPath: fixture.registry.configuration.basinPath(absent)))
            #expect(fixture.registry.openCount == 1)  // the sample basin only
        }
    }

    @Test("a created basin is usable at once, and creating it again keeps its data")
    func createThenUse() async throws {
        try await withBasinFile { fixture in
            let basin = BasinID("chalon-tournus-louhans")!
            let store = try await fixture.registry.create(basin)
            #expect(fixture.registry.exists(basin))
            #expect(store.basin == basin)
            let offer = try await store.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: Sample.details(seats: [fixture.clock.week(1): 1]),
                externalRef: nil,
                publish: true
            ).offer
            try await fixture.registry.create(basin)
            #expect(try await fixture.registry.store(for: basin).offer(offer.id)?.details.title == offer.details.title)
        }
    }

    @Test("an idle basin store closes, and the next operation reopens it with its data")
    func idleClose() async throws {
        try await withBasinFile(idleTimeout: .zero) { fixture in
            let offer = try await fixture.publishedOffer(seats: [fixture.clock.week(1): 2])
            #expect(fixture.registry.openCount == 1)
            #expect(fixture.registry.closeIdle() == [Sample.basin])
            #expect(fixture.registry.openCount == 0)
            #expect(fixture.registry.closeIdle() == [])

            #expect(try await fixture.store.offer(offer.id)?.id == offer.id)
            #expect(fixture.registry.openCount == 1)
            _ = try await fixture.request(offer.id, week: fixture.clock.week(1), pupil: 1)
            #expect(fixture.registry.closeIdle() == [Sample.basin])
            #expect(try await fixture.taken(offer.id, week: fixture.clock.week(1)) == 1)
        }
    }

    @Test("a store closes only after the idle timeout")
    func idleTimeout() async throws {
        try await withBasinFile(idleTimeout: .seconds(300)) { fixture in
            _ = try await fixture.store.offer(1)
            #expect(fixture.registry.closeIdle() == [])
            #expect(fixture.registry.closeIdle(now: .now + .seconds(299)) == [])
            #expect(fixture.registry.openCount == 1)
            #expect(fixture.registry.closeIdle(now: .now + .seconds(301)) == [Sample.basin])
            #expect(fixture.registry.openCount == 0)
        }
    }

    @Test("a store in use is not closed, however idle the timeout says it is")
    func inUseNotClosed() async throws {
        try await withBasinFile(idleTimeout: .zero) { fixture in
            let registry = fixture.registry
            let closedDuring = try await registry.withDatabase(Sample.basin) { _ in registry.closeIdle() }
            #expect(closedDuring == [])
            #expect(registry.closeIdle() == [Sample.basin])
        }
    }

    @Test("each basin has its own file: an offer of one is not in the other")
    func basinsApart() async throws {
        try await withBasinFile { fixture in
            let (northID, southID) = (BasinID("nord")!, BasinID("sud")!)
            let north = try await fixture.registry.create(northID)
            let south = try await fixture.registry.create(southID)
            let paths = [northID, southID, Sample.basin].map { fixture.registry.configuration.basinPath($0) }
            #expect(Set(paths).count == 3)
            #expect(paths.allSatisfy { FileManager.default.fileExists(atPath: $0) })

            let week = fixture.clock.week(1)
            let northOffer = try await north.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: Sample.details(seats: [week: 1], title: "Nord"),
                externalRef: "same-ref",
                publish: true
            ).offer
            #expect(try await south.offer(northOffer.id) == nil)
            #expect(try await south.searchOffers(OfferQuery(includeInactive: true, viewer: .staff)).offers.isEmpty)

            // The same external reference in the other basin is another offer; its id may repeat, not its content.
            let (southOffer, created) = try await south.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: Sample.details(seats: [week: 1], title: "Sud"),
                externalRef: "same-ref",
                publish: true
            )
            #expect(created)
            #expect(try await north.offer(southOffer.id)?.details.title != "Sud")
            #expect(try await south.offer(southOffer.id)?.details.title == "Sud")
            #expect(try await north.offer(northOffer.id)?.details.title == "Nord")

            // Seats taken in one basin are not taken in the other.
            _ = try await south.requestSeat(
                offer: southOffer.id,
                week: week,
                school: Sample.school,
                facts: Sample.schoolFacts,
                pupil: Sample.pupil(1),
                level: .cap
            )
            #expect(try await north.offer(northOffer.id)?.periods.map(\.taken) == [0])
            #expect(fixture.registry.openCount == 3)
        }
    }

    @Test(
        "a basin slow to open delays the calls to that basin only: another basin opens and answers meanwhile",
        .timeLimit(.minutes(1))
    )
    func slowOpening() async throws {
        try await withTemporaryDirectory { directory in
            let (slow, fast) = (BasinID("lent")!, BasinID("rapide")!)
            let gate = OpeningGate(holding: slow)
            let registry = try BasinStoreRegistry(
                configuration: testConfiguration(directory: directory, clock: TestClock(), idleTimeout: .zero),
                willOpen: { gate.willOpen($0) }
            )
            defer { registry.closeAll() }
            _ = try await registry.create(slow)
            _ = try await registry.create(fast)
            #expect(Set(registry.closeIdle()) == [slow, fast])
            gate.arm()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await registry.store(for: slow).offer(1) }
                // The slow basin's opening has started, and waits for the gate.
                await gate.opening()
                // Were the opening done under the registry's lock, this call would wait for the gate, and the test
                // would never end.
                #expect(try await registry.store(for: fast).offer(1) == nil)
                #expect(registry.openBasins == [fast])
                gate.release()
                try await group.waitForAll()
            }
            #expect(Set(registry.openBasins) == [slow, fast])
        }
    }

    @Test("after closeAll, operations fail")
    func closedRegistry() async throws {
        try await withBasinFile { fixture in
            fixture.registry.closeAll()
            #expect(fixture.registry.openCount == 0)
            let error = await #expect(throws: StoreError.self) { try await fixture.store.offer(1) }
            #expect(error == .failedPrecondition("les stockages des bassins sont fermés : le serveur s'arrête"))
            await #expect(throws: StoreError.self) { try await fixture.registry.create(BasinID("late")!) }
        }
    }
}

/// Holds the opening of one basin on its file-work thread until the test releases it.
final class OpeningGate: Sendable {
    private let basin: BasinID
    private let armed = Mutex(false)
    private let held = DispatchSemaphore(value: 0)
    private let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)

    init(holding basin: BasinID) {
        self.basin = basin
    }

    /// From now on, the basin's next opening waits.
    func arm() { self.armed.withLock { $0 = true } }

    /// Called by the registry before it opens a file (on a thread meant for blocking).
    func willOpen(_ basin: BasinID) {
        guard basin == self.basin,
            self.armed.withLock({ armed in
                defer { armed = false }; return armed
            })
        else { return }
        self.startedContinuation.yield()
        self.held.wait()
    }

    /// Returns once the held opening has started.
    func opening() async {
        for await _ in self.started { return }
    }

    func release() { self.held.signal() }
}
