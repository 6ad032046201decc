import Foundation
import Testing

@testable import PoleStageStore

/// Searches over one basin seeded with 10,000 offers, checked against a brute-force filter of the offers in memory.
@Suite("Offer search", .searchFixture)
struct SearchTests {
    static let center = GeoPoint(latitude: 46.78, longitude: 4.85)!
    static let schoolA = uai("0710101")
    static let schoolB = uai("0710102")

    /// The week `weeks` weeks away from the fixture clock's start.
    static func week(_ weeks: Int) -> ISOWeek { TestClock().week(weeks) }

    static let cases: [SearchCase] = [
        SearchCase("near, within 10 km, as school A", OfferQuery(near: center, radiusKm: 10, viewer: .school(schoolA))),
        SearchCase(
            "near, within 25 km, one trade and one level, as school B",
            OfferQuery(trades: [TradeCode("G1602")!], level: .cap, near: center, radiusKm: 25, viewer: .school(schoolB))
        ),
        SearchCase(
            "near another point, within 25 km, two trades, as staff",
            OfferQuery(
                trades: [TradeCode("I1604")!, TradeCode("F1602")!],
                near: GeoPoint(latitude: 46.95, longitude: 4.62)!,
                radiusKm: 25,
                viewer: .staff
            )
        ),
        SearchCase(
            "near without a radius: every offer, nearest first",
            OfferQuery(trades: [TradeCode("F1602")!], near: center, includeInactive: true, viewer: .staff)
        ),
        SearchCase("accessible only, as school A", OfferQuery(accessibleOnly: true, viewer: .school(schoolA))),
        SearchCase("served by a stop, as school A", OfferQuery(servedByTransitOnly: true, viewer: .school(schoolA))),
        SearchCase(
            "served by a stop, near, as school A",
            OfferQuery(near: center, radiusKm: 20, servedByTransitOnly: true, viewer: .school(schoolA))
        ),
        SearchCase(
            "a text, near, served by a stop, as school B",
            OfferQuery(text: "saone", near: center, radiusKm: 30, servedByTransitOnly: true, viewer: .school(schoolB))
        ),
        SearchCase(
            "accessible only with free seats in a week range, near, as school A",
            OfferQuery(
                fromWeek: week(2),
                toWeek: week(5),
                near: center,
                radiusKm: 25,
                accessibleOnly: true,
                freeSeatsOnly: true,
                viewer: .school(schoolA)
            )
        ),
        SearchCase(
            "a week range, as school A",
            OfferQuery(fromWeek: week(2), toWeek: week(5), viewer: .school(schoolA))
        ),
        SearchCase(
            "a week range reaching into the past, as school A",
            OfferQuery(fromWeek: week(-4), toWeek: week(1), viewer: .school(schoolA))
        ),
        SearchCase(
            "past weeks, staff with inactive offers",
            OfferQuery(fromWeek: week(-6), toWeek: week(-1), includeInactive: true, viewer: .staff)
        ),
        SearchCase("free seats only, as school A", OfferQuery(freeSeatsOnly: true, viewer: .school(schoolA))),
        SearchCase(
            "free seats only in a week range, near, as staff",
            OfferQuery(
                fromWeek: week(0),
                toWeek: week(3),
                near: center,
                radiusKm: 40,
                freeSeatsOnly: true,
                viewer: .staff
            )
        ),
        SearchCase("text without accents matches accented words", OfferQuery(text: "electricite", viewer: .staff)),
        SearchCase("text prefixes, accents typed", OfferQuery(text: "Mécan", viewer: .school(schoolA))),
        SearchCase(
            "two words found in different fields",
            OfferQuery(text: "cuisine saone", includeInactive: true, viewer: .staff)
        ),
        SearchCase("text and level, near", OfferQuery(text: "boulang", level: .segpa, near: center, viewer: .staff)),
        // Text and radius together: the text index's matches are decided by the search rows in memory
        // (`OfferSearchIndex`), each filter in Swift.
        SearchCase(
            "text, level and radius, as school A",
            OfferQuery(text: "boulang", level: .segpa, near: center, radiusKm: 20, viewer: .school(schoolA))
        ),
        SearchCase(
            "text, two trades and radius, a company with its inactive offers",
            OfferQuery(
                text: "saone",
                trades: [TradeCode("G1602")!, TradeCode("I1604")!],
                near: center,
                radiusKm: 25,
                includeInactive: true,
                viewer: .company(SearchFixture.companies[3].siret)
            )
        ),
        SearchCase(
            "text and radius, accessible only, as school B",
            OfferQuery(text: "saone", near: center, radiusKm: 30, accessibleOnly: true, viewer: .school(schoolB))
        ),
        SearchCase(
            "text and radius, as a company",
            OfferQuery(text: "saone", near: center, radiusKm: 30, viewer: .company(SearchFixture.companies[3].siret))
        ),
        SearchCase(
            "two words within a radius, a week range, staff with inactive offers",
            OfferQuery(
                text: "cuisine saone",
                fromWeek: week(-6),
                toWeek: week(5),
                near: GeoPoint(latitude: 46.95, longitude: 4.62)!,
                radiusKm: 30,
                includeInactive: true,
                viewer: .staff
            )
        ),
        SearchCase("as school A: no draft, no offer reserved to another school", OfferQuery(viewer: .school(schoolA))),
        SearchCase("as staff: active offers", OfferQuery(viewer: .staff)),
        SearchCase("as staff with inactive offers: drafts too", OfferQuery(includeInactive: true, viewer: .staff)),
        SearchCase("as a company", OfferQuery(viewer: .company(SearchFixture.companies[3].siret))),
        SearchCase(
            "as a company with its inactive offers",
            OfferQuery(includeInactive: true, viewer: .company(SearchFixture.companies[3].siret))
        ),
        SearchCase(
            "a company's own offers, inactive ones too",
            OfferQuery(
                includeInactive: true,
                company: SearchFixture.companies[3].siret,
                viewer: .company(SearchFixture.companies[3].siret)
            )
        ),
        SearchCase(
            "a company's own offers within a radius, with a text",
            OfferQuery(
                text: "saone",
                near: center,
                radiusKm: 30,
                includeInactive: true,
                company: SearchFixture.companies[3].siret,
                viewer: .company(SearchFixture.companies[3].siret)
            )
        ),
        SearchCase(
            "another company's offers, as staff, free seats in a week range",
            OfferQuery(
                fromWeek: week(0),
                toWeek: week(6),
                freeSeatsOnly: true,
                company: SearchFixture.companies[7].siret,
                viewer: .staff
            )
        ),
        SearchCase(
            "another company's offers, as a school: its published ones",
            OfferQuery(company: SearchFixture.companies[7].siret, viewer: .school(schoolA))
        ),
    ]

    @Test("results are exactly the offers a brute-force filter finds, in order", arguments: Backend.tested, cases)
    func search(_ backend: Backend, _ searchCase: SearchCase) async throws {
        let fixture = try #require(SearchFixture.current)
        let store = try fixture.store(backend)
        var query = searchCase.query
        query.limit = 20_000
        let page = try await store.searchOffers(query)
        #expect(!page.hasMore)
        let expected = fixture.expected(for: query)
        #expect(!expected.isEmpty, "the case selects nothing: it shows nothing")

        let ids = page.offers.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicates")
        let missing = Set(expected).subtracting(ids)
        let unexpected = Set(ids).subtracting(expected)
        #expect(missing.isEmpty, "\(missing.count) offers missing, such as \(missing.sorted().prefix(5))")
        #expect(unexpected.isEmpty, "\(unexpected.count) offers too many, such as \(unexpected.sorted().prefix(5))")

        if let near = query.near {
            #expect(ids == expected, "nearest first, ties by id")
            let distances = page.offers.map { $0.distanceKm ?? .nan }
            #expect(
                zip(page.offers, page.offers.dropFirst()).allSatisfy {
                    ($0.distanceKm!, $0.id) < ($1.distanceKm!, $1.id)
                }
            )
            if let radius = query.radiusKm { #expect(distances.allSatisfy { $0 <= radius }) }
            #expect(
                page.offers.allSatisfy { abs($0.distanceKm! - near.distanceKm(to: $0.details.location)) < 1e-9 },
                "distances"
            )
        } else {
            #expect(page.offers.allSatisfy { $0.distanceKm == nil })
            #expect(
                zip(page.offers, page.offers.dropFirst()).allSatisfy { ($1.updatedAt, $1.id) < ($0.updatedAt, $0.id) },
                "most recently changed first, ties by id"
            )
        }
        // What comes back is what was stored.
        for offer in page.offers {
            guard let model = fixture.offers[offer.id] else { continue }
            if offer.details != model.details || offer.state != model.state || offer.companyName != model.companyName
                || offer.periods.map(\.taken) != model.details.seats.keys.sorted().map({ model.taken[$0, default: 0] })
            {
                Issue.record("offer \(offer.id) differs from what was imported")
                break
            }
        }
    }

    @Test("the fixture covers what the cases must tell apart")
    func fixtureCoverage() throws {
        let fixture = try #require(SearchFixture.current)
        let models = Array(fixture.offers.values)
        let current = fixture.currentWeek
        #expect(models.count == 10_000)
        #expect(models.contains { $0.state == .draft && $0.isActive(current) == false })
        #expect(models.contains { $0.state == .withdrawn })
        #expect(models.contains { $0.state == .published && !$0.isActive(current) })  // past only
        #expect(models.contains { $0.details.reservedForSchool == Self.schoolA && $0.isActive(current) })
        #expect(models.contains { $0.details.reservedForSchool == Self.schoolB && $0.isActive(current) })
        // Offers with every future seat taken.
        let full = models.filter { model in
            model.isActive(current)
                && model.details.seats.allSatisfy { $0.key < current || model.taken[$0.key, default: 0] >= $0.value }
        }
        #expect(full.count >= 10)
        // The text cases have words to fold.
        #expect(models.contains { $0.details.title.contains("Électricité") })
        #expect(
            models.contains { $0.details.description.contains("électricité") && $0.details.trade != TradeCode("F1602") }
        )
    }

    @Test(
        "viewers: a school sees neither drafts nor another school's offers; staff sees drafts on request",
        arguments: Backend.tested
    )
    func viewerRules(_ backend: Backend) async throws {
        let fixture = try #require(SearchFixture.current)
        let store = try fixture.store(backend)
        let school = try await store.searchOffers(OfferQuery(viewer: .school(Self.schoolA), limit: 20_000))
            .offers
        #expect(school.allSatisfy { $0.state == .published })
        #expect(
            school.allSatisfy { $0.details.reservedForSchool == nil || $0.details.reservedForSchool == Self.schoolA }
        )
        #expect(school.contains { $0.details.reservedForSchool == Self.schoolA })
        #expect(school.allSatisfy { $0.periods.contains { $0.week >= fixture.currentWeek } })

        let staff = try await store.searchOffers(OfferQuery(viewer: .staff, limit: 20_000)).offers
        #expect(staff.allSatisfy { $0.state == .published })
        #expect(staff.contains { $0.details.reservedForSchool == Self.schoolB })
        let everything = try await store.searchOffers(
            OfferQuery(includeInactive: true, viewer: .staff, limit: 20_000)
        ).offers
        #expect(everything.count == 10_000)
        #expect(everything.contains { $0.state == .draft })
        #expect(everything.contains { $0.state == .withdrawn })
    }

    @Test("text is matched without accents or case, in every text field", arguments: Backend.tested)
    func accentFolding(_ backend: Backend) async throws {
        let store = try #require(SearchFixture.current).store(backend)
        let found = try await store.searchOffers(OfferQuery(text: "ELECTRICITE", viewer: .staff, limit: 20_000))
            .offers
        #expect(found.contains { $0.details.title == "Électricité du bâtiment" })
        #expect(found.contains { $0.tradeLabel == "Électricité bâtiment" && !$0.details.title.contains("lectric") })
        #expect(
            found.contains { $0.details.trade != TradeCode("F1602") && $0.details.description.contains("électricité") }
        )
        #expect(found.contains { $0.companyName.hasPrefix("Électricité") && $0.details.trade != TradeCode("F1602") })
        let accented = try await store.searchOffers(
            OfferQuery(text: "Électricité", viewer: .staff, limit: 20_000)
        )
        #expect(Set(accented.offers.map(\.id)) == Set(found.map(\.id)))
        // Words start matches, not inner parts of words.
        let inner = try await store.searchOffers(OfferQuery(text: "lectricite", viewer: .staff, limit: 20_000))
        #expect(inner.offers.isEmpty)
    }

    @Test(
        "walking pages of 50 gives the same offers as one query, each once",
        arguments: Backend.tested,
        [
            SearchCase("near, within 25 km", OfferQuery(near: center, radiusKm: 25, viewer: .school(schoolA))),
            SearchCase("most recent first", OfferQuery(trades: [TradeCode("G1602")!], viewer: .staff)),
        ]
    )
    func paging(_ backend: Backend, _ searchCase: SearchCase) async throws {
        let store = try #require(SearchFixture.current).store(backend)
        var all = searchCase.query
        all.limit = 20_000
        let everything = try await store.searchOffers(all).offers.map(\.id)
        #expect(everything.count > 150)

        var walked: [Int64] = []
        var query = searchCase.query
        query.limit = 50
        var pages = 0
        while true {
            query.offset = pages * 50
            let page = try await store.searchOffers(query)
            pages += 1
            walked += page.offers.map(\.id)
            if !page.hasMore {
                #expect(page.offers.count <= 50)
                break
            }
            #expect(page.offers.count == 50)
            try #require(pages <= everything.count / 50 + 1, "hasMore never ends")
        }
        #expect(walked == everything)
        #expect(Set(walked).count == walked.count)
        #expect(pages == (everything.count + 49) / 50)

        // Past the end: an empty last page.
        query.offset = everything.count
        let beyond = try await store.searchOffers(query)
        #expect(beyond.offers.isEmpty && !beyond.hasMore)
    }
}

/// One search of the table, named for the test report.
struct SearchCase: Sendable, CustomTestStringConvertible {
    var name: String
    var query: OfferQuery

    init(_ name: String, _ query: OfferQuery) {
        self.name = name
        self.query = query
    }

    var testDescription: String { self.name }
}

/// An offer as the test made it: what the brute-force filter reads.
struct ModelOffer: Sendable {
    var id: Int64
    var company: SIRET
    var companyName: String
    var tradeLabel: String
    var details: OfferDetails
    var state: OfferState
    var taken: [ISOWeek: Int] = [:]
    /// The text columns' words, lowercased and without accents, as the FTS5 tokenizer folds them.
    let words: Set<String>

    init(id: Int64, company: SIRET, companyName: String, tradeLabel: String, details: OfferDetails, state: OfferState) {
        self.id = id
        self.company = company
        self.companyName = companyName
        self.tradeLabel = tradeLabel
        self.details = details
        self.state = state
        self.words = Set(
            [details.title, details.description, tradeLabel, companyName, details.address.commune]
                .flatMap { folded($0).split { !$0.isLetter && !$0.isNumber }.map(String.init) }
        )
    }

    /// Published with a week now or later.
    func isActive(_ current: ISOWeek) -> Bool {
        self.state == .published && self.details.seats.keys.contains { $0 >= current }
    }

    /// The documented rules of ``OfferQuery`` and ``OfferViewer``, written out one by one.
    func matches(_ query: OfferQuery, current: ISOWeek) -> Bool {
        let active = self.isActive(current)
        let reserved = self.details.reservedForSchool
        switch query.viewer {
        case .staff:
            if !query.includeInactive && !active { return false }
        case .school(let school):
            guard active, reserved == nil || reserved == school else { return false }
        case .company(let siret):
            let own = self.company == siret
            if query.includeInactive {
                guard (active && reserved == nil) || own else { return false }
            } else {
                guard active, reserved == nil || own else { return false }
            }
        }
        if !query.trades.isEmpty, !query.trades.contains(self.details.trade) { return false }
        if let level = query.level, !self.details.levels.contains(level) { return false }
        if query.accessibleOnly, !self.details.accessible { return false }
        if let company = query.company, self.company != company { return false }
        if query.servedByTransitOnly, self.details.transit == nil { return false }
        if query.fromWeek != nil || query.toWeek != nil || query.freeSeatsOnly {
            let activeOnly: Bool
            if case .school = query.viewer { activeOnly = true } else { activeOnly = !query.includeInactive }
            let lower = [query.fromWeek, activeOnly || query.freeSeatsOnly ? current : nil].compactMap { $0 }.max()
            let inRange = self.details.seats.contains { week, seats in
                (lower.map { week >= $0 } ?? true) && (query.toWeek.map { week <= $0 } ?? true)
                    && (!query.freeSeatsOnly || self.taken[week, default: 0] < seats)
            }
            if !inRange { return false }
        }
        if let text = query.text {
            let wanted = folded(text).split { !$0.isLetter && !$0.isNumber }
            if !wanted.allSatisfy({ prefix in self.words.contains { $0.hasPrefix(prefix) } }) { return false }
        }
        if let near = query.near, let radius = query.radiusKm, near.distanceKm(to: self.details.location) > radius {
            return false
        }
        return true
    }
}

private func folded(_ text: String) -> String {
    text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
}

/// The seeded basin, shared by the suite's tests, which only read it.
struct SearchFixture: Sendable {
    @TaskLocal static var current: SearchFixture?

    /// The same offers on every tested backend, with the same ids.
    let stores: [Backend: any OfferSearchStorage]
    let currentWeek: ISOWeek
    let offers: [Int64: ModelOffer]

    func store(_ backend: Backend) throws -> any OfferSearchStorage {
        try #require(self.stores[backend], "the \(backend) store was not seeded")
    }

    /// The brute-force result: nearest first (ties by id) when the query has a point, else by id.
    func expected(for query: OfferQuery) -> [Int64] {
        let matching = self.offers.values.filter { $0.matches(query, current: self.currentWeek) }
        guard let near = query.near else { return matching.map(\.id).sorted() }
        return matching.map { (near.distanceKm(to: $0.details.location), $0.id) }.sorted { $0 < $1 }.map(\.1)
    }

    static let trades: [(code: TradeCode, label: String, titles: [String])] = [
        (
            TradeCode("G1602")!, "Personnel de cuisine",
            ["Commis de cuisine", "Cuisinier en brasserie", "Aide-cuisinière en restauration collective"]
        ),
        (
            TradeCode("I1604")!, "Mécanique automobile",
            ["Mécanicien automobile", "Entretien des véhicules légers", "Mécanicienne poids lourds"]
        ),
        (
            TradeCode("F1602")!, "Électricité bâtiment",
            ["Électricité du bâtiment", "Électricien installateur", "Câblage et domotique"]
        ),
        (
            TradeCode("D1102")!, "Boulangerie - viennoiserie",
            ["Boulanger", "Fournil et viennoiserie", "Boulangère-pâtissière"]
        ),
        (
            TradeCode("A1203")!, "Aménagement et entretien des espaces verts",
            ["Paysagiste", "Entretien des espaces verts", "Jardinier d'espaces publics"]
        ),
    ]

    static let phrases = [
        "Découverte du métier au sein d'une équipe accueillante.",
        "Notions d'électricité appréciées.",
        "Travail en équipe, horaires décalés le week-end.",
        "Accueil du public, hygiène et sécurité.",
        "Tenue fournie ; chaussures de sécurité à prévoir.",
        "Élève curieux, ponctuel et motivé.",
    ]

    static let communes = [
        ("Chalon-sur-Saône", "71100"), ("Tournus", "71700"), ("Louhans", "71500"), ("Saint-Rémy", "71100"),
        ("Chagny", "71150"), ("Givry", "71640"), ("Châtenoy-le-Royal", "71880"), ("Saint-Marcel", "71380"),
    ]

    static let companies: [OfferOwner] = {
        let kinds = ["Boulangerie", "Garage", "Restaurant", "Électricité", "Atelier"]
        let names = ["Lefèvre", "Bérard", "Dupré", "Martin", "Gauthier", "Mérieux", "Roché", "Petit"]
        return (0..<40).map { index in
            OfferOwner(
                siret: siret(String(4_000_000_000_000 + index * 1_000_003)),
                name: "\(kinds[index % kinds.count]) \(names[index / kinds.count])"
            )
        }
    }()

    /// Builds the 10,000 offers, imports them in one transaction, then withdraws some and takes seats on others: the
    /// same offers with the same ids and times on every store seeded from a new clock.
    ///
    /// - Returns: The offers as seeded, and the current week.
    static func seed(_ store: some OfferStorage & SeatStorage, clock: TestClock) async throws -> (
        [Int64: ModelOffer], ISOWeek
    ) {
        var random = SplitMix64(seed: 0x5EED_2026)
        let weeks = (-6...20).map { clock.week($0) }
        let schools = [SearchTests.schoolA, SearchTests.schoolB, uai("0710103")]
        let kmPerDegree = 111.2
        var imports: [OfferImport] = []
        imports.reserveCapacity(10_000)
        for index in 0..<10_000 {
            let trade = trades.randomElement(using: &random)!
            let owner = companies.randomElement(using: &random)!
            let (commune, postalCode) = communes.randomElement(using: &random)!
            // Uniform in a disc of 60 km around the centre.
            let distance = 60 * Double.random(in: 0...1, using: &random).squareRoot()
            let bearing = Double.random(in: 0..<(2 * .pi), using: &random)
            let latitude = SearchTests.center.latitude + distance * cos(bearing) / kmPerDegree
            let longitude =
                SearchTests.center.longitude + distance * sin(bearing)
                / (kmPerDegree * cos(SearchTests.center.latitude * .pi / 180))
            var levels = Set(Level.allCases.filter { _ in Bool.random(using: &random) })
            if levels.isEmpty { levels = [Level.allCases.randomElement(using: &random)!] }
            var seats: [ISOWeek: Int] = [:]
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                seats[weeks.randomElement(using: &random)!] = Int.random(in: 1...4, using: &random)
            }
            let description = (0..<Int.random(in: 1...2, using: &random))
                .map { _ in phrases.randomElement(using: &random)! }.joined(separator: " ")
            let details = OfferDetails(
                trade: trade.code,
                title: trade.titles.randomElement(using: &random)!,
                description: description,
                levels: levels,
                seats: seats,
                address: PostalAddress(
                    street: "\(index % 120 + 1) rue de la Paix",
                    postalCode: postalCode,
                    commune: commune
                ),
                location: GeoPoint(latitude: latitude, longitude: longitude)!,
                accessible: Int.random(in: 0..<10, using: &random) < 3,
                transitAccess: "Bus",
                transit: index % 3 == 1
                    ? TransitStop(stop: "Gare", lines: ["Ligne \(index % 7)"], walkMinutes: 5) : nil,
                reservedForSchool: Int.random(in: 0..<100, using: &random) < 6
                    ? schools.randomElement(using: &random) : nil
            )
            imports.append(
                OfferImport(
                    owner: owner,
                    tradeLabel: trade.label,
                    details: details,
                    externalRef: index % 3 == 0 ? nil : "ext-\(index)",
                    publish: Int.random(in: 0..<10, using: &random) > 0
                )
            )
        }
        let ids = try await store.importOffers(imports)
        var models: [Int64: ModelOffer] = [:]
        for (id, offer) in zip(ids, imports) {
            models[id] = ModelOffer(
                id: id,
                company: offer.owner.siret,
                companyName: offer.owner.name,
                tradeLabel: offer.tradeLabel,
                details: offer.details,
                state: offer.publish ? .published : .draft
            )
        }

        // Later changes come later, so that "most recently changed" orders them.
        clock.advance(by: .seconds(60))
        let current = ISOWeek(containing: clock.now)
        let published = ids.filter { models[$0]!.state == .published }
        for id in published.shuffled(using: &random).prefix(25) {
            _ = try await store.withdrawOffer(id, check: { _ in })
            models[id]!.state = .withdrawn
            clock.advance(by: .seconds(1))
        }
        // Take every future seat of some open offers, and some of the seats of others.
        let open = ids.filter { id in
            let model = models[id]!
            return model.isActive(current) && model.details.reservedForSchool == nil
        }
        var pupil = 0
        for (rank, id) in open.shuffled(using: &random).prefix(40).enumerated() {
            let model = models[id]!
            for (week, seats) in model.details.seats where week >= current {
                for _ in 0..<(rank < 25 ? seats : seats - 1) {
                    pupil += 1
                    _ = try await store.requestSeat(
                        offer: id,
                        week: week,
                        school: SearchTests.schoolA,
                        facts: Sample.schoolFacts,
                        pupil: PupilRef("S\(10_000 + pupil)")!,
                        level: model.details.levels.min()!
                    )
                    models[id]!.taken[week, default: 0] += 1
                }
            }
        }
        return (models, current)
    }
}

/// Seeds the search basin once for the whole suite and removes it afterwards.
struct SearchFixtureTrait: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            let clock = TestClock()
            let registry = try BasinStoreRegistry(
                configuration: StoreConfiguration(directory: directory, now: { clock.now })
            )
            defer { registry.closeAll() }
            let sqlite = try await registry.create(BasinID("search-basin")!)
            let (offers, current) = try await SearchFixture.seed(sqlite, clock: clock)
            guard Backend.tested.contains(.postgres) else {
                let fixture = SearchFixture(stores: [.sqlite: sqlite], currentWeek: current, offers: offers)
                try await SearchFixture.$current.withValue(fixture) { try await function() }
                return
            }
            try await withPostgresBasin { postgres, clock in
                let (seeded, _) = try await SearchFixture.seed(postgres, clock: clock)
                try #require(seeded.keys.sorted() == offers.keys.sorted(), "both stores give the offers the same ids")
                let stores: [Backend: any OfferSearchStorage] = [.sqlite: sqlite, .postgres: postgres]
                let fixture = SearchFixture(stores: stores, currentWeek: current, offers: offers)
                try await SearchFixture.$current.withValue(fixture) { try await function() }
            }
        }
    }
}

extension Trait where Self == SearchFixtureTrait {
    static var searchFixture: Self { Self() }
}
