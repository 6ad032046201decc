public import PoleStageStore

/// A basin shaped like Chalon-Tournus-Louhans, in orders of magnitude from public figures; every assumption is here, so
/// that a coordinator can read it and argue with it (`docs/equity.md` says the same in words).
///
/// - Schools: a collège of about 550 pupils has about 140 in 3e, a rural collège of 250 to 350 about 70 to 90; the
///   urban REP+ and REP collèges of Chalon-sur-Saône, its other collèges, those of Tournus and Louhans, four rural
///   collèges of the Bresse and the Saône valley, and a lycée professionnel whose first-year Bac Pro pupils do a two-week
///   PFMP.
/// - Pupils in a QPV: 60 % in the REP+ collèges, 40 % in the REP ones, 25 % at the lycée professionnel, 5 % elsewhere.
///   Pupils who need an accessible placement: 4 % everywhere.
/// - Family network: at least 54 % of 3e pupils find their placement through their family; here 30 % of REP+ pupils,
///   40 % of REP pupils, 50 % at the lycée professionnel, 55 % of rural pupils and 70 % of the others have one (about
///   54 % overall).
/// - Offers: seats for 80 % of the pupils, 1 to 3 per offer, placed around the towns by their economic weight (Chalon
///   and its suburbs about two thirds); 35 % accessible. Half are published before the campaign opens, the others over its
///   first four weeks.
public struct SimulatedBasin: Sendable {
    public struct Town: Sendable {
        public var name: String
        public var point: GeoPoint
        /// Its share of the basin's offers, relative to the other towns.
        public var weight: Int
    }

    public struct SchoolShape: Sendable {
        public var name: String
        public var town: Int
        public var kind: SchoolKind
        public var rep = false
        public var repPlus = false
        public var rural = false
        /// Pupils of the level doing the placement, at scale 1.
        public var pupils: Int
        /// Share of its pupils living in a QPV.
        public var qpvShare: Double
        /// Share of its pupils with a family network.
        public var networkShare: Double
        /// How far its pupils go, in kilometres from the school.
        public var maxKm: Int
    }

    public var towns: [Town]
    public var schools: [SchoolShape]
    /// Seats per pupil over the basin.
    public var seatsPerPupil = 0.8
    /// Share of offers open to pupils who need an accessible placement.
    public var accessibleShare = 0.35
    public var needsShare = 0.04

    public static let chalonTournusLouhans: SimulatedBasin = {
        func town(_ name: String, _ latitude: Double, _ longitude: Double, _ weight: Int) -> Town {
            Town(name: name, point: GeoPoint(latitude: latitude, longitude: longitude)!, weight: weight)
        }
        let towns = [
            town("Chalon-sur-Saône", 46.7806, 4.8539, 55),
            town("Saint-Marcel", 46.7750, 4.8936, 8),
            town("Tournus", 46.5617, 4.9094, 10),
            town("Louhans", 46.6264, 5.2247, 12),
            town("Pierre-de-Bresse", 46.8847, 5.2567, 3),
            town("Saint-Germain-du-Bois", 46.7536, 5.2447, 3),
            town("Cuiseaux", 46.4950, 5.3889, 4),
            town("Cuisery", 46.5570, 5.0011, 5),
        ]
        func college(
            _ name: String,
            town: Int,
            pupils: Int,
            rep: Bool = false,
            repPlus: Bool = false,
            rural: Bool = false
        ) -> SchoolShape {
            SchoolShape(
                name: name,
                town: town,
                kind: .college,
                rep: rep,
                repPlus: repPlus,
                rural: rural,
                pupils: pupils,
                qpvShare: repPlus ? 0.6 : rep ? 0.4 : 0.05,
                networkShare: repPlus ? 0.3 : rep ? 0.4 : rural ? 0.55 : 0.7,
                maxKm: rural ? 20 : 8
            )
        }
        let schools = [
            college("Collège urbain REP+ 1 (Chalon)", town: 0, pupils: 140, repPlus: true),
            college("Collège urbain REP+ 2 (Chalon)", town: 0, pupils: 110, repPlus: true),
            college("Collège urbain REP 1 (Chalon)", town: 0, pupils: 130, rep: true),
            college("Collège urbain REP 2 (Saint-Marcel)", town: 1, pupils: 120, rep: true),
            college("Collège de centre-ville 1 (Chalon)", town: 0, pupils: 150),
            college("Collège de centre-ville 2 (Chalon)", town: 0, pupils: 140),
            college("Collège de Tournus", town: 2, pupils: 120),
            college("Collège de Louhans", town: 3, pupils: 160),
            college("Collège rural de Pierre-de-Bresse", town: 4, pupils: 70, rural: true),
            college("Collège rural de Saint-Germain-du-Bois", town: 5, pupils: 80, rural: true),
            college("Collège rural de Cuiseaux", town: 6, pupils: 75, rural: true),
            college("Collège rural de Cuisery", town: 7, pupils: 90, rural: true),
            SchoolShape(
                name: "Lycée professionnel (Chalon)",
                town: 0,
                kind: .lyceeProfessionnel,
                pupils: 110,
                qpvShare: 0.25,
                networkShare: 0.5,
                maxKm: 15
            ),
        ]
        return SimulatedBasin(towns: towns, schools: schools)
    }()
}
