/// The demo académie's fixed data: basins of Saône-et-Loire and Côte-d'Or, their schools and communes.
enum DemoData {
    struct Commune {
        var name: String
        var postalCode: String
        var latitude: Double
        var longitude: Double
    }

    struct SchoolSeed {
        var uaiBody: String
        var name: String
        var kind: String
        var commune: Int
        var rep: Bool = false
        var repPlus: Bool = false
        var rural: Bool = false
    }

    struct BasinSeed {
        var id: String
        var name: String
        var communes: [Commune]
        var schools: [SchoolSeed]
    }

    static let basins: [BasinSeed] = [
        BasinSeed(
            id: "chalon-tournus-louhans",
            name: "Chalon-Tournus-Louhans",
            communes: [
                Commune(name: "Chalon-sur-Saône", postalCode: "71100", latitude: 46.7806, longitude: 4.8539),
                Commune(name: "Tournus", postalCode: "71700", latitude: 46.5631, longitude: 4.9094),
                Commune(name: "Louhans", postalCode: "71500", latitude: 46.6264, longitude: 5.2247),
                Commune(name: "Chagny", postalCode: "71150", latitude: 46.9094, longitude: 4.7536),
                Commune(name: "Cuisery", postalCode: "71290", latitude: 46.5570, longitude: 5.0033),
                Commune(name: "Pierre-de-Bresse", postalCode: "71270", latitude: 46.8850, longitude: 5.2590),
                Commune(name: "Saint-Marcel", postalCode: "71380", latitude: 46.7760, longitude: 4.8900),
            ],
            schools: [
                SchoolSeed(
                    uaiBody: "0710011",
                    name: "Collège des Prés Saint-Jean",
                    kind: "college",
                    commune: 0,
                    repPlus: true
                ),
                SchoolSeed(uaiBody: "0710024", name: "Collège Jean Vilar", kind: "college", commune: 0, rep: true),
                SchoolSeed(uaiBody: "0710037", name: "Collège de la Saône", kind: "college", commune: 1),
                SchoolSeed(uaiBody: "0710049", name: "Collège de Bresse", kind: "college", commune: 4, rural: true),
                SchoolSeed(uaiBody: "0710052", name: "Collège Val de Seille", kind: "college", commune: 5, rural: true),
                SchoolSeed(
                    uaiBody: "0710066",
                    name: "Lycée professionnel Nicéphore Niépce",
                    kind: "lycee-professionnel",
                    commune: 0
                ),
                SchoolSeed(
                    uaiBody: "0710078",
                    name: "Lycée professionnel Bresse Revermont",
                    kind: "lycee-professionnel",
                    commune: 2,
                    rural: true
                ),
            ]
        ),
        BasinSeed(
            id: "macon",
            name: "Mâcon",
            communes: [
                Commune(name: "Mâcon", postalCode: "71000", latitude: 46.3069, longitude: 4.8287),
                Commune(name: "Cluny", postalCode: "71250", latitude: 46.4344, longitude: 4.6592),
                Commune(name: "La Chapelle-de-Guinchay", postalCode: "71570", latitude: 46.2100, longitude: 4.7600),
            ],
            schools: [
                SchoolSeed(uaiBody: "0710101", name: "Collège Bréart", kind: "college", commune: 0, rep: true),
                SchoolSeed(uaiBody: "0710115", name: "Collège du Clunisois", kind: "college", commune: 1, rural: true),
                SchoolSeed(
                    uaiBody: "0710128",
                    name: "Lycée professionnel du Mâconnais",
                    kind: "lycee-professionnel",
                    commune: 0
                ),
            ]
        ),
        BasinSeed(
            id: "le-creusot-montceau",
            name: "Le Creusot-Montceau-Autun",
            communes: [
                Commune(name: "Le Creusot", postalCode: "71200", latitude: 46.8072, longitude: 4.4167),
                Commune(name: "Montceau-les-Mines", postalCode: "71300", latitude: 46.6667, longitude: 4.3667),
                Commune(name: "Autun", postalCode: "71400", latitude: 46.9511, longitude: 4.2986),
            ],
            schools: [
                SchoolSeed(uaiBody: "0710203", name: "Collège du Plateau", kind: "college", commune: 0, rep: true),
                SchoolSeed(uaiBody: "0710216", name: "Collège des Mines", kind: "college", commune: 1, repPlus: true),
                SchoolSeed(
                    uaiBody: "0710229",
                    name: "Lycée professionnel du Morvan",
                    kind: "lycee-professionnel",
                    commune: 2,
                    rural: true
                ),
            ]
        ),
        BasinSeed(
            id: "dijon",
            name: "Dijon Métropole",
            communes: [
                Commune(name: "Dijon", postalCode: "21000", latitude: 47.3220, longitude: 5.0415),
                Commune(name: "Chenôve", postalCode: "21300", latitude: 47.2917, longitude: 5.0056),
                Commune(name: "Beaune", postalCode: "21200", latitude: 47.0260, longitude: 4.8400),
            ],
            schools: [
                SchoolSeed(uaiBody: "0210301", name: "Collège Le Chapitre", kind: "college", commune: 1, repPlus: true),
                SchoolSeed(uaiBody: "0210314", name: "Collège Montchapet", kind: "college", commune: 0),
                SchoolSeed(
                    uaiBody: "0210327",
                    name: "Lycée professionnel Les Arcades",
                    kind: "lycee-professionnel",
                    commune: 0
                ),
            ]
        ),
    ]

    /// Company name stems per trade, with the NAF code of the activity and the levels it takes.
    static let trades: [(code: String, company: String, naf: String, title: String, levels: [Int])] = [
        ("D1102", "Boulangerie", "10.71C", "Découverte du fournil et de la vente", [1, 2, 3, 4]),
        ("D1104", "Pâtisserie", "10.71D", "Pâtisserie et chocolaterie", [1, 2, 4, 5]),
        ("D1101", "Boucherie", "47.22Z", "Préparation et vente en boucherie", [1, 3, 4]),
        ("D1106", "Épicerie fine", "47.29Z", "Vente conseil en alimentation", [1, 2, 5]),
        ("D1202", "Salon de coiffure", "96.02A", "Accueil et soins capillaires", [1, 2, 4]),
        ("G1602", "Restaurant", "56.10A", "Commis de cuisine", [1, 2, 3, 4, 5]),
        ("G1803", "Brasserie", "56.10A", "Service en salle", [1, 4, 5]),
        ("I1604", "Garage", "45.20A", "Entretien et réparation automobile", [1, 2, 3, 4, 5]),
        ("F1602", "Électricité", "43.21A", "Installations électriques du bâtiment", [1, 4, 5]),
        ("F1703", "Maçonnerie", "43.99C", "Gros œuvre et maçonnerie", [1, 3, 4]),
        ("H2909", "Ateliers mécaniques", "28.29B", "Montage et assemblage", [1, 5, 6]),
        ("H2913", "Chaudronnerie", "25.62B", "Soudure et chaudronnerie", [4, 5]),
        ("J1501", "EHPAD", "87.10A", "Accompagnement des résidents", [1, 5]),
        ("K1303", "Crèche", "88.91A", "Petite enfance", [1, 2, 4]),
        ("A1203", "Paysages", "81.30Z", "Création et entretien d'espaces verts", [1, 3, 4, 5]),
        ("N1103", "Logistique", "52.10B", "Préparation de commandes", [1, 5]),
        ("M1805", "Informatique", "62.01Z", "Développement web", [1, 6]),
        ("M1203", "Cabinet comptable", "69.20Z", "Découverte de la comptabilité", [1, 5, 6]),
    ]

    static let familyNames = [
        "Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Garnier", "Faure",
        "Rousseau", "Blanc", "Guérin", "Boyer", "Chevalier", "Perrin", "Morel", "Girard", "Mercier", "Bonnet",
    ]

    static let streets = [
        "rue de la République", "avenue Jean Jaurès", "rue du Pont", "place de l'Hôtel de Ville", "rue Gambetta",
        "boulevard de la Liberté", "rue des Tanneries", "zone artisanale des Blettrys", "rue du Port",
        "chemin des Vignes",
    ]
}
