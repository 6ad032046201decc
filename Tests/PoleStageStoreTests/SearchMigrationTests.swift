import Foundation
import GRDB
import Testing

@testable import PoleStageStore

/// A basin store written at schema v2, before the short search rows (`offerSearch`) and the text prefix index: opening
/// it migrates it, and its searches then find what a brute-force filter finds, before and after further writes.
@Suite("Search on a store migrated from v2")
struct SearchMigrationTests {
    static let basin = BasinID("old-basin")!
    static let center = GeoPoint(latitude: 46.78, longitude: 4.85)!
    static let schoolA = uai("0710101")
    static let words = ["Boulanger", "Mécanicienne", "Électricien", "Fleuriste", "Menuisier"]

    /// Offers around ``center``: levels, weeks (past only for some), reservations, drafts all vary.
    static func imports(clock: TestClock) -> [OfferImport] {
        var random = SplitMix64(seed: 0x0003_2026)
        let weeks = (-4...8).map { clock.week($0) }
        let owners = [Sample.company, Sample.otherCompany]
        return (0..<600).map { index in
            let word = Self.words.randomElement(using: &random)!
            var levels = Set(Level.allCases.filter { _ in Bool.random(using: &random) })
            if levels.isEmpty { levels = [.cap] }
            var seats: [ISOWeek: Int] = [:]
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                seats[weeks.randomElement(using: &random)!] = Int.random(in: 1...3, using: &random)
            }
            var details = Sample.details(
                seats: seats,
                levels: levels,
                reservedFor: Int.random(in: 0..<10, using: &random) == 0 ? Self.schoolA : nil,
                title: "\(word) \(index)"
            )
            details.location = GeoPoint(
                latitude: Self.center.latitude + Double.random(in: -0.3...0.3, using: &random),
                longitude: Self.center.longitude + Double.random(in: -0.4...0.4, using: &random)
            )!
            details.accessible = Bool.random(using: &random)
            return OfferImport(
                owner: owners[index % 2],
                tradeLabel: "Boulangerie - viennoiserie",
                details: details,
                externalRef: nil,
                publish: Int.random(in: 0..<10, using: &random) > 0
            )
        }
    }

    static let queries: [OfferQuery] = [
        OfferQuery(text: "boula", level: .cap, near: center, radiusKm: 15, viewer: .school(schoolA)),
        OfferQuery(text: "elec", near: center, radiusKm: 25, accessibleOnly: true, viewer: .school(uai("0710102"))),
        OfferQuery(level: .bts, near: center, radiusKm: 20, viewer: .staff),
        OfferQuery(text: "mecanicienne", near: center, viewer: .company(Sample.otherCompany.siret)),
        OfferQuery(
            text: "fl",
            near: center,
            radiusKm: 30,
            includeInactive: true,
            viewer: .company(Sample.company.siret)
        ),
        OfferQuery(near: center, radiusKm: 12, freeSeatsOnly: true, viewer: .staff),
        OfferQuery(text: "menu", viewer: .school(schoolA)),
    ]

    @Test("the v3 migration fills the short rows and rebuilds the text index; searches match a brute-force filter")
    func migratesFromV2() async throws {
        try await withTemporaryDirectory { directory in
            let clock = TestClock()
            let configuration = StoreConfiguration(directory: directory, now: { clock.now })
            try FileManager.default.createDirectory(
                at: configuration.basinsDirectory,
                withIntermediateDirectories: true
            )
            // The store as v2 left it, written by the same insert and withdrawal code; the columns later migrations add
            // (v5's to v8's) are there only while they write.
            let old = try DatabasePool(
                path: configuration.basinPath(Self.basin),
                configuration: BasinStoreRegistry.databaseConfiguration
            )
            try BasinMigrations.migrator.migrate(old, upTo: "v2: change log payload and epoch")
            let imports = Self.imports(clock: clock)
            let now = configuration.nowMilliseconds()
            try await old.write { db in
                #expect(try !db.tableExists("offerSearch"))
                let later = [
                    ("offer", "publishedAt"), ("offer", "priorityUntil"), ("offer", "accessibility"),
                    ("offer", "transitStop"), ("offer", "transitLines"), ("offer", "walkMinutes"),
                    ("offer", "lunchProvided"), ("offer", "lodgingProvided"), ("offerPeriod", "reserved"),
                    ("offerPeriod", "reservedUntil"), ("offerPeriod", "priorityTaken"),
                ]
                // v7 replaced `accessible` by the accessibility bits: the column is back, from them, once written.
                try db.execute(sql: "ALTER TABLE offer DROP COLUMN accessible")
                for (table, column) in later {
                    try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN \(column) INTEGER DEFAULT 0")
                }
                let rules = PlacementRules()
                for offer in imports { _ = try BasinStore.insertOffer(db, offer, rules: rules, now: now) }
                for id: Int64 in [3, 30, 300] { _ = try BasinStore.setState(db, offer: id, to: .withdrawn, now: now) }
                try db.execute(sql: "ALTER TABLE offer ADD COLUMN accessible BOOLEAN NOT NULL DEFAULT 0")
                try db.execute(sql: "UPDATE offer SET accessible = accessibility != 0")
                for (table, column) in later { try db.execute(sql: "ALTER TABLE \(table) DROP COLUMN \(column)") }
            }
            try old.close()

            let registry = try BasinStoreRegistry(configuration: configuration)
            defer { registry.closeAll() }
            let store = try await registry.create(Self.basin)
            try await store.read { db in
                #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM offerSearch") == imports.count)
                let text = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'offerText'")
                #expect(text?.contains("prefix='2 3 4 5'") == true)
            }
            try await Self.expectShortRowsInStep(store)
            try await Self.expectSearchesMatch(store)

            // Writes after the migration keep the short rows in step through the triggers.
            var moved = try #require(try await store.offer(10))
            moved.details.location = Self.center
            moved.details.levels = [.bts]
            moved.details.seats = [clock.week(-3): 2]
            _ = try await store.updateOffer(
                10,
                details: moved.details,
                tradeLabel: "Boulangerie",
                expectedVersion: nil,
                check: { _ in }
            )
            var widened = try #require(try await store.offer(11))
            widened.details.seats[clock.week(9)] = 1
            widened.details.reservedForSchool = nil
            _ = try await store.updateOffer(
                11,
                details: widened.details,
                tradeLabel: "Fleurs",
                expectedVersion: nil,
                check: { _ in }
            )
            _ = try await store.withdrawOffer(12, check: { _ in })
            _ = try await store.moveCompany(from: Sample.otherCompany.siret, to: Sample.company.siret, name: "Fusion")
            _ = try await store.createOffer(
                owner: Sample.otherCompany,
                tradeLabel: "Boulangerie",
                details: Sample.details(seats: [clock.week(2): 1], levels: [.cap], title: "Boulanger neuf"),
                externalRef: "new",
                publish: true
            )
            try await Self.expectShortRowsInStep(store)
            try await Self.expectSearchesMatch(store)
        }
    }

    /// Every offer has exactly one short row, equal to its offer row and periods.
    static func expectShortRowsInStep(_ store: BasinStore) async throws {
        let (offers, shortRows, matching) = try await store.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM offer"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM offerSearch"),
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM offer o JOIN offerSearch s ON s.id = o.id
                        WHERE s.levels = o.levels AND s.state = o.state
                          AND s.lastWeek IS (SELECT max(week) FROM offerPeriod WHERE offerId = o.id)
                          AND s.reservedForSchool IS o.reservedForSchool AND s.latitude = o.latitude
                          AND s.longitude = o.longitude AND s.accessible = (o.accessibility != 0) AND s.tradeCode = o.tradeCode
                          AND s.companySiret = o.companySiret
                        """
                )
            )
        }
        #expect(offers != nil && offers == shortRows && offers == matching)
    }

    /// Each of ``queries`` finds what ``ModelOffer/matches(_:current:)`` finds among every stored offer, in order.
    static func expectSearchesMatch(_ store: BasinStore) async throws {
        let models = try await Self.models(store)
        for query in Self.queries {
            let expected = try await Self.expectSearchMatches(store, query, models: models)
            #expect(!expected.isEmpty, "\(query.text ?? "-"): the query selects nothing, so it shows nothing")
        }
    }

    /// Every stored offer, as a brute-force filter sees it.
    static func models(_ store: BasinStore) async throws -> [ModelOffer] {
        let all = try await store.read { db in
            try BasinStore.offers(db, rows: Row.fetchAll(db, sql: "SELECT * FROM offer"))
        }
        return all.map { offer in
            var model = ModelOffer(
                id: offer.id,
                company: offer.company,
                companyName: offer.companyName,
                tradeLabel: offer.tradeLabel,
                details: offer.details,
                state: offer.state
            )
            for period in offer.periods { model.taken[period.week] = period.taken }
            return model
        }
    }

    /// Expects `query`, with no limit, to find the `models` that ``ModelOffer/matches(_:current:)`` selects, nearest
    /// first when it has a point; returns their ids.
    @discardableResult
    static func expectSearchMatches(
        _ store: BasinStore,
        _ query: OfferQuery,
        models: [ModelOffer],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [Int64] {
        var query = query
        query.limit = 10_000
        let found = try await store.searchOffers(query).offers.map(\.id)
        let matching = models.filter { $0.matches(query, current: store.currentWeek) }
        if let near = query.near {
            let measured = matching.map { (near.distanceKm(to: $0.details.location), $0.id) }
            let expected = measured.sorted { $0 < $1 }.map(\.1)
            #expect(
                found == expected,
                "\(query.text ?? "-") near, radius \(query.radiusKm ?? 0)",
                sourceLocation: sourceLocation
            )
            return expected
        }
        let expected = matching.map(\.id).sorted()
        #expect(found.sorted() == expected, "\(query.text ?? "-")", sourceLocation: sourceLocation)
        return expected
    }
}
