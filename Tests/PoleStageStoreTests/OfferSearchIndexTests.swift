import Foundation
import GRDB
import Synchronization
import Testing

@testable import PoleStageStore

/// Searches with a text and a radius decide their candidates from the offers' search rows in memory
/// (``OfferSearchIndex``): after every kind of write, after a restore, and while writes race both the searches and the
/// index's loading, they find what the store holds.
@Suite("Search with the in-memory search rows")
struct OfferSearchIndexTests {
    static let center = SearchMigrationTests.center
    static let dijon = GeoPoint(latitude: 47.322, longitude: 5.041)!

    /// A point about `km` kilometres north of `point`.
    static func north(of point: GeoPoint, km: Double) -> GeoPoint {
        GeoPoint(latitude: point.latitude + km / 111.2, longitude: point.longitude)!
    }

    /// The text and radius queries of ``SearchMigrationTests/queries``, then, around each of `probes`, one for its word
    /// from staff (drafts and withdrawn offers included) and one for the word's first letters from a school: each
    /// finds what a brute-force filter finds.
    static func expectSearchesMatch(
        _ store: BasinStore,
        around probes: [(word: String, point: GeoPoint)] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let models = try await SearchMigrationTests.models(store)
        var queries = SearchMigrationTests.queries.filter { $0.text != nil && $0.radiusKm != nil }
        for (word, point) in probes {
            queries.append(OfferQuery(text: word, near: point, radiusKm: 2, includeInactive: true, viewer: .staff))
            queries.append(
                OfferQuery(
                    text: String(word.prefix(4)),
                    near: point,
                    radiusKm: 8,
                    viewer: .school(SearchMigrationTests.schoolA)
                )
            )
        }
        for query in queries {
            try await SearchMigrationTests.expectSearchMatches(
                store,
                query,
                models: models,
                sourceLocation: sourceLocation
            )
        }
    }

    /// The ids of the offers of staff's search for `word` within `radiusKm` of `point`.
    static func found(_ store: BasinStore, _ word: String, near point: GeoPoint, radiusKm: Double = 1) async throws
        -> [Int64]
    {
        try await store.searchOffers(
            OfferQuery(text: word, near: point, radiusKm: radiusKm, includeInactive: true, viewer: .staff, limit: 1_000)
        ).offers.map(\.id)
    }

    /// The first word of an offer's title, and where it is.
    static func probe(_ store: BasinStore, _ id: Int64) async throws -> (word: String, point: GeoPoint) {
        let offer = try #require(try await store.offer(id))
        return (String(offer.details.title.prefix { $0 != " " }), offer.details.location)
    }

    @Test("after an insert, a move, a withdrawal, a company merge, SQL updates, a delete and a rollback")
    func inStepAfterWrites() async throws {
        try await withBasinStore { fixture in
            let store = fixture.store
            _ = try await store.importOffers(SearchMigrationTests.imports(clock: fixture.clock))
            try await Self.expectSearchesMatch(store, around: [try await Self.probe(store, 1)])

            // An offer far from the others is found at once.
            var details = Sample.details(seats: [fixture.clock.week(2): 1], levels: [.cap], title: "Tournesol Dijon")
            details.location = Self.dijon
            let inserted = try await store.createOffer(
                owner: Sample.company,
                tradeLabel: "Fleurs",
                details: details,
                externalRef: nil,
                publish: true
            ).offer
            #expect(try await Self.found(store, "tournesol", near: Self.dijon) == [inserted.id])

            // A moved offer is found where it went, not where it was.
            let before = try await Self.probe(store, 10)
            var offer = try #require(try await store.offer(10))
            offer.details.location = Self.north(of: Self.dijon, km: 3)
            _ = try await store.updateOffer(
                10,
                details: offer.details,
                tradeLabel: offer.tradeLabel,
                expectedVersion: nil,
                check: allowOffer
            )
            #expect(try await Self.found(store, before.word, near: offer.details.location) == [10])
            #expect(try await !Self.found(store, before.word, near: before.point).contains(10))
            try await Self.expectSearchesMatch(store, around: [before, try await Self.probe(store, 10)])

            _ = try await store.withdrawOffer(12, check: allowOffer)
            try await Self.expectSearchesMatch(store, around: [try await Self.probe(store, 12)])

            _ = try await store.moveCompany(from: Sample.otherCompany.siret, to: Sample.company.siret, name: "Fusion")
            try await Self.expectSearchesMatch(store, around: [try await Self.probe(store, 2)])

            // SQL outside the store's code: the triggers copy it into the short rows, and the observer sees them.
            let shifted = try await Self.probe(store, 21)
            try await store.write { db in
                try db.execute(sql: "UPDATE offer SET latitude = latitude + 0.05 WHERE id % 7 = 0")
            }
            try await Self.expectSearchesMatch(store, around: [shifted, try await Self.probe(store, 21)])

            // The same on every other column a search filters on in memory: levels, state, reservation, access,
            // company, and the periods behind the last week (moved a year back, or deleted).
            let filtered = try await Self.probe(store, 24)
            try await store.write { db in
                // `cap` switched: SQLite has no XOR.
                try db.execute(
                    sql: "UPDATE offer SET levels = (levels | :cap) - (levels & :cap) WHERE id % 3 = 0",
                    arguments: ["cap": Level.cap.bit]
                )
                try db.execute(sql: "UPDATE offer SET state = 'withdrawn' WHERE id % 11 = 0")
                try db.execute(
                    sql: "UPDATE offer SET reservedForSchool = ? WHERE id % 13 = 0",
                    arguments: [uai("0710102").rawValue]
                )
                try db.execute(
                    sql: "UPDATE offer SET accessibility = CASE accessibility WHEN 0 THEN 7 ELSE 0 END WHERE id % 5 = 0"
                )
                try db.execute(
                    sql: "UPDATE offer SET companySiret = ? WHERE id % 17 = 0",
                    arguments: [Sample.otherCompany.siret.rawValue]
                )
                try db.execute(sql: "UPDATE offerPeriod SET week = week - 100 WHERE offerId % 6 = 1")
                try db.execute(sql: "DELETE FROM offerPeriod WHERE offerId % 8 = 2")
            }
            try await Self.expectSearchesMatch(store, around: [filtered, try await Self.probe(store, 26)])

            let deleted = try await Self.probe(store, 30)
            try await store.write { db in try db.execute(sql: "DELETE FROM offer WHERE id = 30") }
            #expect(try await !Self.found(store, deleted.word, near: deleted.point).contains(30))
            try await Self.expectSearchesMatch(store, around: [deleted])

            // A rolled-back move leaves the offer where it was.
            let kept = try await Self.probe(store, 40)
            await #expect(throws: Refused.self) {
                try await store.write { db in
                    try db.execute(
                        sql: "UPDATE offer SET latitude = ?, longitude = ? WHERE id = 40",
                        arguments: [Self.dijon.latitude, Self.dijon.longitude]
                    )
                    throw Refused()
                }
            }
            #expect(try await Self.found(store, kept.word, near: kept.point, radiusKm: 0.01).contains(40))
            try await Self.expectSearchesMatch(store, around: [kept, (kept.word, Self.dijon)])
        }
    }

    @Test("a store closed while its file is replaced by a restore searches the restored positions when reopened")
    func restore() async throws {
        try await withBasinFile(idleTimeout: .zero) { fixture in
            let store = fixture.store
            _ = try await store.importOffers(SearchMigrationTests.imports(clock: fixture.clock))
            let academy = try AcademyStore(configuration: fixture.registry.configuration)
            let backup = StoreBackup.backupsDirectory(in: fixture.directory).appendingPathComponent("before-move")
            _ = try await StoreBackup.backup(academy: academy, basins: fixture.registry, into: backup)
            try academy.close()

            // After the backup, half the offers move 100 km north.
            let moved = try await Self.probe(store, 2)
            try await store.write { db in
                try db.execute(sql: "UPDATE offer SET latitude = latitude + 0.9 WHERE id % 2 = 0")
            }
            #expect(try await !Self.found(store, moved.word, near: moved.point, radiusKm: 0.01).contains(2))

            // The same registry: the store closes when idle, its file is replaced, the next search reopens it.
            #expect(fixture.registry.closeIdle() == [Sample.basin])
            _ = try StoreBackup.restore(from: backup, into: fixture.directory)
            #expect(try await Self.found(store, moved.word, near: moved.point, radiusKm: 0.01).contains(2))
            try await Self.expectSearchesMatch(store, around: [moved, try await Self.probe(store, 4)])
        }
    }

    /// What the index decides for `ids` under `query`, around the query's point and radius.
    static func search(_ index: OfferSearchIndex, among ids: [Int64], query: OfferQuery, currentWeek: ISOWeek)
        -> OfferSearchIndex.Found
    {
        index.search(among: ids, near: query.near!, radiusKm: query.radiusKm!, query: query, currentWeek: currentWeek)
    }

    /// Published offers titled "Tournesol <index>", one per place, with one level each and a seat in `week`.
    static func importTournesols(_ store: BasinStore, week: ISOWeek, at places: [GeoPoint], levels: [Level])
        async throws -> [Int64]
    {
        try await store.importOffers(
            zip(places, levels).enumerated().map { index, offer in
                var details = Sample.details(seats: [week: 1], levels: [offer.1], title: "Tournesol \(index)")
                details.location = offer.0
                return OfferImport(
                    owner: Sample.company,
                    tradeLabel: "Fleurs",
                    details: details,
                    externalRef: nil,
                    publish: true
                )
            }
        )
    }

    @Test("an offer changed after a search entered is left to SQL for that search, and decided in memory after it")
    func unsureForEarlierSearches() async throws {
        try await withBasinFile { fixture in
            let week = fixture.clock.week(1)
            let levels: [Level] = [.cap, .bts]
            let ids = try await Self.importTournesols(
                fixture.store,
                week: week,
                at: [Self.center, Self.center],
                levels: levels
            )
            let query = OfferQuery(
                text: "tournesol",
                level: .cap,
                near: Self.center,
                radiusKm: 1,
                viewer: .school(SearchMigrationTests.schoolA)
            )
            let currentWeek = fixture.clock.week(0)
            try await fixture.registry.withDatabase(Sample.basin) { database in
                let (pool, searchIndex) = (database.writer, database.searchIndex)
                func search() -> OfferSearchIndex.Found {
                    Self.search(searchIndex, among: ids, query: query, currentWeek: currentWeek)
                }
                #expect(search().measured.map(\.id) == [ids[0]])
                #expect(search().toCheck.isEmpty)

                try await searchIndex.withReader {
                    // The two swap levels after this search entered: its snapshot may be older than the rows now.
                    try await pool.write { db in
                        for (index, id) in ids.enumerated() {
                            try db.execute(
                                sql: "UPDATE offer SET levels = ? WHERE id = ?",
                                arguments: [levels[1 - index].bit, id]
                            )
                        }
                    }
                    #expect(search().measured.isEmpty)
                    #expect(search().toCheck == ids)
                }
                // No search older than the write is left.
                #expect(search().measured.map(\.id) == [ids[1]])
                #expect(search().toCheck.isEmpty)

                // From SQLite's commit hook on, before the commit is visible.
                searchIndex.willCommit([ids[0]], all: false)
                #expect(search().measured.map(\.id) == [ids[1]])
                #expect(search().toCheck == [ids[0]])
                searchIndex.willCommit([], all: true)
                #expect(search().measured.isEmpty)
                #expect(search().toCheck == ids)
            }
        }
    }

    @Test("a commit that fails after SQLite's commit hook leaves no offer unsure")
    func failedCommit() async throws {
        try await withBasinFile { fixture in
            let ids = try await Self.importTournesols(
                fixture.store,
                week: fixture.clock.week(1),
                at: [Self.center],
                levels: [.cap]
            )
            let query = OfferQuery(
                text: "tournesol",
                near: Self.center,
                radiusKm: 1,
                includeInactive: true,
                viewer: .staff
            )
            let currentWeek = fixture.clock.week(0)
            try await fixture.registry.withDatabase(Sample.basin) { database in
                let (pool, searchIndex) = (database.writer, database.searchIndex)
                func search() -> OfferSearchIndex.Found {
                    Self.search(searchIndex, among: ids, query: query, currentWeek: currentWeek)
                }
                // Registered after the index's observer, so the index marks the offer before this one refuses.
                try await pool.writeWithoutTransaction { db in
                    db.add(transactionObserver: RefusingObserver(), extent: .nextTransaction)
                }
                await #expect(throws: Refused.self) {
                    try await pool.write { db in
                        try db.execute(
                            sql: "UPDATE offer SET latitude = latitude + 1 WHERE id = ?",
                            arguments: [ids[0]]
                        )
                    }
                }
                #expect(search().measured.map(\.id) == ids)
                #expect(search().toCheck.isEmpty)
            }
        }
    }

    @Test("a row in memory takes the 48 bytes its documentation counts")
    func rowSize() {
        #expect(MemoryLayout<OfferSearchIndex.SearchRow>.stride == 48)
    }

    /// Leaves the store idle now and then: the searches and the writes keep it busy otherwise.
    static func pauseSometimes() async throws {
        if Int.random(in: 0..<4) == 0 { try await Task.sleep(for: .microseconds(500)) }
    }

    /// What the two offers of ``racingWrites(_:)`` swap.
    enum Swap: String, CaseIterable, CustomTestStringConvertible {
        /// Their places: a search around one finds the offer there.
        case places
        /// Their levels (`cap`, `bts`), at one place: a school's search for `cap` finds the offer that has it.
        case levels

        var testDescription: String { self.rawValue }
    }

    @Test(
        "searches racing writes and the index's reloading: of two offers swapping places or levels, each sees exactly one",
        arguments: Swap.allCases
    )
    func racingWrites(_ swapped: Swap) async throws {
        // The store closes whenever it is idle: the next operation, a search or a write, reopens it and loads the
        // rows again while the other may be waiting to write or read.
        try await withBasinFile(idleTimeout: .zero) { fixture in
            let store = fixture.store
            let week = fixture.clock.week(1)
            let places = [Self.center, Self.dijon]
            let levels: [Level] = [.cap, .bts]
            let ids = try await Self.importTournesols(
                store,
                week: week,
                at: swapped == .places ? places : [Self.center, Self.center],
                levels: levels
            )
            let swaps = 300
            let race = RaceProgress()
            let seen = try await withThrowingTaskGroup(of: Void.self, returning: [Int: Int].self) { group in
                group.addTask {
                    defer { race.written.store(true, ordering: .releasing) }
                    for swap in 1...swaps {
                        try await store.write { db in
                            for (index, id) in ids.enumerated() {
                                switch swapped {
                                case .places:
                                    let place = places[(index + swap) % 2]
                                    try db.execute(
                                        sql: "UPDATE offer SET latitude = ?, longitude = ? WHERE id = ?",
                                        arguments: [place.latitude, place.longitude, id]
                                    )
                                case .levels:
                                    try db.execute(
                                        sql: "UPDATE offer SET levels = ? WHERE id = ?",
                                        arguments: [levels[(index + swap) % 2].bit, id]
                                    )
                                }
                            }
                        }
                        try await Self.pauseSometimes()
                    }
                }
                group.addTask {
                    // Ends with the writer, or when the group is cancelled because the writer failed.
                    while !race.written.load(ordering: .acquiring), !Task.isCancelled {
                        race.closes.add(fixture.registry.closeIdle().count, ordering: .relaxed)
                        await Task.yield()
                    }
                }
                // How many searches saw how many offers at the center (with the level `cap`).
                let query =
                    switch swapped {
                    case .places:
                        OfferQuery(
                            text: "tournesol",
                            near: Self.center,
                            radiusKm: 1,
                            includeInactive: true,
                            viewer: .staff
                        )
                    case .levels:
                        OfferQuery(
                            text: "tournesol",
                            level: .cap,
                            near: Self.center,
                            radiusKm: 1,
                            viewer: .school(SearchMigrationTests.schoolA)
                        )
                    }
                var seen: [Int: Int] = [:]
                while !race.written.load(ordering: .acquiring) {
                    seen[try await store.searchOffers(query).offers.count, default: 0] += 1
                    try await Self.pauseSometimes()
                }
                try await group.waitForAll()
                return seen
            }
            #expect(seen.keys.sorted() == [1], "searches by count of offers found: \(seen)")
            #expect(race.closes.load(ordering: .relaxed) > 0)
            try await Self.expectSearchesMatch(store, around: [(word: "Tournesol", point: Self.center)])
        }
    }
}

/// What the tasks of ``OfferSearchIndexTests/racingWrites(_:)`` share.
private final class RaceProgress: Sendable {
    /// Whether the writer is done.
    let written = Atomic(false)
    /// How many times the store was closed.
    let closes = Atomic(0)
}

/// Refuses every commit from SQLite's commit hook, which makes GRDB roll the transaction back.
private final class RefusingObserver: TransactionObserver {
    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseWillCommit() throws { throw Refused() }
    func databaseDidCommit(_ db: Database) {}
    func databaseDidRollback(_ db: Database) {}
}
