public import Foundation
public import PoleStageAuth
public import PoleStageStore

/// Seeds a demo académie and issues a token per role to try it.
///
/// Four basins (one is Chalon-Tournus-Louhans), their schools with REP, REP+ and rural flags, a company directory whose
/// SIRETs carry a valid checksum, a few hundred offers over the coming weeks, and each school's roster, period and
/// applications in every state (``seedPlacements(_:store:companies:labels:clock:now:random:)``). Pseudo-random but reproducible: the
/// same seed gives the same académie.
public enum DemoAcademy {
    /// The tokens printed for trying the demo, by role.
    public struct Tokens: Sendable {
        public var coordinator: IssuedToken
        public var animator: IssuedToken
        public var school: IssuedToken
        public var company: IssuedToken
        public var pupil: IssuedToken
        /// One-time sign-in links for the web application, relative to the server (`/dashboard/#invite=…`), by role;
        /// the pupil's carries its basin and its school's code (`/dashboard/#basin=…&code=…`). Valid 7 days.
        public var signInLinks: [(role: String, path: String)]
    }

    /// Seeds the académie unless it already has basins, then issues the demo tokens.
    ///
    /// - Parameters:
    ///   - offersPerBasin: Offers created in each basin on first seeding.
    ///   - now: The date the offers' weeks start from.
    /// - Returns: The tokens, and whether this call seeded the stores.
    public static func seed(
        academy: any AcademyStorage,
        basins: any BasinDirectory,
        tokens: TokenAuthority,
        offersPerBasin: Int = 120,
        now: Date = Date(),
        tokenLifetime: Duration = .seconds(30 * 24 * 3600)
    ) async throws -> (tokens: Tokens, seeded: Bool) {
        let seeded = try await academy.basins().isEmpty
        if seeded {
            // The basins are seeded through a registry of their own, whose clock the seeding moves back to make
            // applications that have had time to expire; it is closed before the server opens the stores.
            let clock = DemoClock(now)
            var configuration = basins.configuration
            configuration.now = { clock.now }
            try await basins.withConfiguration(configuration) { seeding in
                var random = SplitMix64(seed: 0x706f_6c65)
                for seed in DemoData.basins {
                    try await self.seedBasin(
                        seed,
                        academy: academy,
                        basins: seeding,
                        clock: clock,
                        offers: offersPerBasin,
                        now: now,
                        random: &random
                    )
                }
            }
        }
        let first = DemoData.basins[0]
        let school = UAI(first.schools[0].uaiBody + String(UAI.checkLetter(for: first.schools[0].uaiBody)!))!
        let company = self.companySIRET(basin: 0, index: 0)
        let basin = BasinID(first.id)!
        // The demo pupil signs in as the first pupil of the school's roster, when the year has one.
        try await basins.prepare(basin)
        let pupil = try await self.firstPupil(of: school, in: basins.storage(for: basin))
        let users: [(Principal, BasinID?, UAI?, SIRET?)] = [
            (.coordinator(user: "demo-coordinator"), nil, nil, nil),
            (.animator(user: "demo-animator", basin: basin), basin, nil, nil),
            (.school(user: "demo-school", school: school), nil, school, nil),
            (.company(user: "demo-company", company: company), nil, nil, company),
            (.pupil(user: "demo-pupil", school: school, rosterID: pupil), nil, school, nil),
        ]
        var issued: [IssuedToken] = []
        for (principal, basin, school, company) in users {
            try await academy.saveUser(
                User(id: principal.user, role: principal.role.rawValue, basin: basin, school: school, company: company)
            )
            issued.append(
                try await tokens.issueRecordedToken(for: principal, lifetime: tokenLifetime, in: academy, now: now)
            )
        }
        var links: [(role: String, path: String)] = []
        for (principal, _, _, _) in users.dropLast() {
            let invite = try await academy.createInvite(
                for: principal.user,
                by: "demo",
                lifetime: .seconds(7 * 24 * 3600)
            )
            links.append((principal.role.rawValue, "/dashboard/#invite=\(invite.code)"))
        }
        if let pupil {
            let code = try await basins.storage(for: basin).issueSignInCode(
                pupil: pupil,
                lifetime: .seconds(7 * 24 * 3600),
                check: { _ in }
            )
            links.append(("pupil", "/dashboard/#basin=\(basin)&code=\(code.code)"))
        }
        return (
            Tokens(
                coordinator: issued[0],
                animator: issued[1],
                school: issued[2],
                company: issued[3],
                pupil: issued[4],
                signInLinks: links
            ), seeded
        )
    }

    /// The SIRET of the demo's `index`-th company of the `basin`-th basin: SIREN 9xx…, checksum valid.
    public static func companySIRET(basin: Int, index: Int) -> SIRET {
        let thirteen = String(format: "8%02d%06d%04d", basin, index * 7 + 1, 1)
        return SIRET(thirteen + String(SIRET.checkDigit(for: thirteen)!))!
    }

    static func seedBasin(
        _ seed: DemoData.BasinSeed,
        academy: any AcademyStorage,
        basins: any BasinDirectory,
        clock: DemoClock,
        offers: Int,
        now: Date,
        random: inout SplitMix64
    ) async throws {
        let basinIndex = DemoData.basins.firstIndex { $0.id == seed.id } ?? 0
        let basin = BasinID(seed.id)!
        try await academy.createBasin(Basin(id: basin, name: seed.name))
        let store = try await basins.createStorage(for: basin)
        for school in seed.schools {
            let commune = seed.communes[school.commune]
            try await academy.saveSchool(
                School(
                    uai: UAI(school.uaiBody + String(UAI.checkLetter(for: school.uaiBody)!))!,
                    name: school.name,
                    kind: SchoolKind(rawValue: school.kind) ?? .college,
                    commune: commune.name,
                    basin: basin,
                    rep: school.rep,
                    repPlus: school.repPlus,
                    rural: school.rural,
                    location: GeoPoint(latitude: commune.latitude, longitude: commune.longitude)!
                )
            )
        }
        // Two companies per trade, spread over the basin's communes.
        var companies: [(Company, (code: String, company: String, naf: String, title: String, levels: [Int]))] = []
        for (index, trade) in DemoData.trades.enumerated() {
            for copy in 0..<2 {
                let number = index * 2 + copy
                let commune = seed.communes[random.next(below: seed.communes.count)]
                let family = DemoData.familyNames[random.next(below: DemoData.familyNames.count)]
                let company = Company(
                    siret: self.companySIRET(basin: basinIndex, index: number),
                    name: "\(trade.company) \(family)",
                    sector: trade.naf,
                    street:
                        "\(1 + random.next(below: 80)) \(DemoData.streets[random.next(below: DemoData.streets.count)])",
                    postalCode: commune.postalCode,
                    commune: commune.name,
                    location: GeoPoint(
                        latitude: commune.latitude + random.jitter(0.02),
                        longitude: commune.longitude + random.jitter(0.03)
                    )!,
                    basins: [basin]
                )
                try await academy.saveCompany(company)
                companies.append((company, trade))
            }
        }
        let labels = Dictionary(uniqueKeysWithValues: try await academy.trades().map { ($0.code.rawValue, $0.label) })
        let firstWeek = ISOWeek(containing: now).next
        var imports: [OfferImport] = []
        for number in 0..<offers {
            let (company, trade) = companies[number % companies.count]
            var week = firstWeek
            for _ in 0..<random.next(below: 16) { week = week.next }
            var seats: [ISOWeek: Int] = [:]
            for _ in 0..<(1 + random.next(below: 3)) {
                seats[week] = 1 + random.next(below: 3)
                for _ in 0..<(1 + random.next(below: 4)) { week = week.next }
            }
            let details = OfferDetails(
                trade: TradeCode(trade.code)!,
                title: trade.title,
                description: "Stage chez \(company.name) à \(company.commune) : \(trade.title.lowercased()).",
                levels: Set(trade.levels.compactMap(Level.init(rawValue:))),
                seats: seats,
                address: PostalAddress(
                    street: company.street,
                    postalCode: company.postalCode,
                    commune: company.commune
                ),
                location: company.location,
                accessible: random.next(below: 3) == 0,
                transitAccess: random.next(below: 2) == 0 ? "Bus, arrêt à moins de 500 m" : ""
            )
            imports.append(
                OfferImport(
                    owner: OfferOwner(siret: company.siret, name: company.name),
                    tradeLabel: labels[trade.code] ?? trade.code,
                    details: details,
                    externalRef: "demo-\(number)",
                    publish: random.next(below: 10) != 0
                )
            )
        }
        // Published a month ago: their priority windows are over, as in a pôle whose offers came in before the applications.
        clock.set(now.addingTimeInterval(-30 * 86_400))
        _ = try await store.importOffers(imports)
        clock.set(now)
        try await self.seedPlacements(
            seed,
            store: store,
            companies: companies,
            labels: labels,
            clock: clock,
            now: now,
            random: &random
        )
    }
}
