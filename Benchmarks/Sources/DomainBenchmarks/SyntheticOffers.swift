import PoleStageDemo
import PoleStageServer
import PoleStageStore

/// Reproducible offers spread over a 90 × 90 km basin around Chalon-sur-Saône.
struct SyntheticOffers {
    static let centre = GeoPoint(latitude: 46.7806, longitude: 4.8539)!
    static let trades = ["D1102", "D1106", "G1602", "G1603", "H2909", "I1604", "F1602", "F1603", "K2204", "J1501"]
    static let words = [
        "boulanger", "mécanicien", "électricien", "coiffeur", "vendeur", "cuisinier", "maçon", "plombier",
        "soignant", "jardinier", "menuisier", "peintre", "comptable", "secrétaire", "magasinier", "fleuriste",
    ]
    static let places = ["atelier", "boutique", "chantier", "cuisine", "salon", "entrepôt", "bureau", "serre"]

    var random: SplitMix64

    init(seed: UInt64 = 2026) { self.random = SplitMix64(seed: seed) }

    mutating func point() -> GeoPoint {
        GeoPoint(
            latitude: Self.centre.latitude + Double.random(in: -0.4...0.4, using: &self.random),
            longitude: Self.centre.longitude + Double.random(in: -0.6...0.6, using: &self.random)
        )!
    }

    mutating func offer(_ index: Int, weeks: [ISOWeek], seats: Int) -> OfferImport {
        let word = Self.words.randomElement(using: &self.random)!
        let place = Self.places.randomElement(using: &self.random)!
        var levels = Set<Level>()
        for level in Level.allCases where Bool.random(using: &self.random) { levels.insert(level) }
        if levels.isEmpty { levels = [.cap] }
        let details = OfferDetails(
            trade: TradeCode(Self.trades.randomElement(using: &self.random)!)!,
            title: "\(word.capitalized) en \(place) \(index)",
            description: "Découverte du métier de \(word) : accueil, \(place), gestes professionnels.",
            levels: levels,
            seats: Dictionary(uniqueKeysWithValues: weeks.map { ($0, seats) }),
            address: PostalAddress(street: "\(index % 90 + 1) rue du Port", postalCode: "71100", commune: "Chalon"),
            location: self.point(),
            accessible: Bool.random(using: &self.random)
        )
        let owner = OfferOwner(siret: DemoAcademy.companySIRET(basin: 90, index: index % 500 + 1), name: "Entreprise")
        return OfferImport(
            owner: owner,
            tradeLabel: word.capitalized,
            details: details,
            externalRef: nil,
            publish: true
        )
    }
}
