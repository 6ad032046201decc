/// How far a pupil can travel to a placement.
public struct Mobility: Sendable, Hashable {
    /// Kilometres from the school, when the school gave a limit.
    public var maxKm: Int?
    /// Only places reached by public transport.
    public var publicTransportOnly: Bool

    public init(maxKm: Int? = nil, publicTransportOnly: Bool = false) {
        self.maxKm = maxKm
        self.publicTransportOnly = publicTransportOnly
    }
}

/// Used only in aggregate figures.
public enum Gender: String, Sendable, Hashable, CaseIterable {
    case female = "F"
    case male = "M"
    case other = "X"
}

/// What a school records about one pupil: its pseudonymous reference, its class, and only what the pôle acts on.
public struct PupilDetails: Sendable, Hashable {
    public var ref: PupilRef
    /// Such as `3eB`.
    public var className: String
    public var level: Level
    /// Needs an accessible placement; ``needs`` says which features, when the school said.
    public var needsAccessible: Bool
    /// The features a placement must provide; empty with ``needsAccessible`` when not said (any accessible placement).
    public var needs: Set<AccessFeature>
    public var mobility: Mobility
    /// Lives in a priority neighbourhood (QPV).
    public var qpv: Bool
    public var gender: Gender?

    public init(
        ref: PupilRef,
        className: String,
        level: Level,
        needsAccessible: Bool = false,
        needs: Set<AccessFeature> = [],
        mobility: Mobility = Mobility(),
        qpv: Bool = false,
        gender: Gender? = nil
    ) {
        self.ref = ref
        self.className = className
        self.level = level
        self.needsAccessible = needsAccessible || !needs.isEmpty
        self.needs = needs
        self.mobility = mobility
        self.qpv = qpv
        self.gender = gender
    }

    /// The needs `features` leave unmet, or `nil` when they meet them: every feature the pupil needs, or any when it
    /// needs an accessible placement without saying which.
    public func unmetNeeds(by features: Set<AccessFeature>) -> Set<AccessFeature>? {
        guard self.needsAccessible else { return nil }
        if self.needs.isEmpty { return features.isEmpty ? [] : nil }
        let unmet = self.needs.subtracting(features)
        return unmet.isEmpty ? nil : unmet
    }

    /// 1 to 16 letters, digits, spaces or `-`: a class name, not a free text field.
    public static func isClassName(_ text: String) -> Bool {
        (1...16).contains(text.count) && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" }
            && text.first != " " && text.last != " "
    }
}

/// One pupil of a school's roster for a school year.
public struct Pupil: Sendable, Hashable {
    /// The roster row: what tokens, applications and sign-in codes point to.
    public var id: Int64
    public var school: UAI
    public var schoolYear: SchoolYear
    public var details: PupilDetails

    package init(
        id: Int64,
        school: UAI,
        schoolYear: SchoolYear,
        details: PupilDetails
    ) {
        self.id = id
        self.school = school
        self.schoolYear = schoolYear
        self.details = details
    }
}

/// Where a pupil of the roster stands.
public enum PlacementState: Sendable, Hashable {
    case nothingYet
    case pending(count: Int)
    /// The accepted application.
    case placed(Application)
}

/// A roster line: the pupil and its state.
public struct RosterEntry: Sendable {
    public var pupil: Pupil
    public var state: PlacementState
    public var pendingApplications: Int
}

/// Pupils of one school, level and equity profile, and how many of them are placed or waiting: the figures are
/// counted in pupils, whatever the length of their placement.
public struct PlacementCount: Sendable, Hashable {
    public var school: UAI
    public var level: Level
    public var qpv: Bool
    public var needsAccessible: Bool
    public var gender: Gender?
    public var pupils: Int
    /// With an accepted application.
    public var placed: Int
    /// With a pending application and none accepted.
    public var pending: Int

    package init(
        school: UAI,
        level: Level,
        qpv: Bool,
        needsAccessible: Bool,
        gender: Gender? = nil,
        pupils: Int,
        placed: Int,
        pending: Int
    ) {
        self.school = school
        self.level = level
        self.qpv = qpv
        self.needsAccessible = needsAccessible
        self.gender = gender
        self.pupils = pupils
        self.placed = placed
        self.pending = pending
    }
}
