/// A pole de stages: one education basin, its own store.
public struct Basin: Sendable, Hashable {
    public var id: BasinID
    public var name: String
    /// An archived basin is read-only: its store is kept, no change is accepted.
    public var archived: Bool

    public init(id: BasinID, name: String, archived: Bool = false) {
        self.id = id
        self.name = name
        self.archived = archived
    }
}

/// The kinds of school that send pupils on internships.
public enum SchoolKind: String, Sendable, CaseIterable {
    case college
    case lyceeProfessionnel = "lycee-professionnel"
    case lyceeGeneralTechnologique = "lycee-general-technologique"
    case lyceeAgricole = "lycee-agricole"
    case erea
}

/// A school of the académie, attached to one basin.
public struct School: Sendable, Hashable {
    public var uai: UAI
    public var name: String
    public var kind: SchoolKind
    public var commune: String
    public var basin: BasinID
    /// Éducation prioritaire: REP, or REP+ (which implies neither flag of the other).
    public var rep: Bool
    public var repPlus: Bool
    public var rural: Bool
    public var location: GeoPoint

    public init(
        uai: UAI,
        name: String,
        kind: SchoolKind,
        commune: String,
        basin: BasinID,
        rep: Bool = false,
        repPlus: Bool = false,
        rural: Bool = false,
        location: GeoPoint
    ) {
        self.uai = uai
        self.name = name
        self.kind = kind
        self.commune = commune
        self.basin = basin
        self.rep = rep
        self.repPlus = repPlus
        self.rural = rural
        self.location = location
    }
}

/// A trade of the ROME nomenclature.
public struct Trade: Sendable, Hashable {
    public var code: TradeCode
    public var label: String

    public init(code: TradeCode, label: String) {
        self.code = code
        self.label = label
    }
}

/// An establishment of the academy-wide company directory.
public struct Company: Sendable, Hashable {
    public var siret: SIRET
    public var name: String
    /// The NAF (APE) code of its activity, such as `56.10A`.
    public var sector: String
    public var street: String
    public var postalCode: String
    public var commune: String
    public var location: GeoPoint
    /// The basins whose poles it works with.
    public var basins: Set<BasinID>

    public init(
        siret: SIRET,
        name: String,
        sector: String,
        street: String,
        postalCode: String,
        commune: String,
        location: GeoPoint,
        basins: Set<BasinID>
    ) {
        self.siret = siret
        self.name = name
        self.sector = sector
        self.street = street
        self.postalCode = postalCode
        self.commune = commune
        self.location = location
        self.basins = basins
    }
}
