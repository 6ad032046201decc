/// The school levels an offer can accept, as bits of a set stored in one integer column.
public enum Level: Int, CaseIterable, Sendable, Hashable, Comparable {
    case observation3e = 1
    case prepaMetiers3e = 2
    case segpa = 3
    case cap = 4
    case bacPro = 5
    case bts = 6

    /// The level's name as the pôle's people say it.
    public var name: String {
        switch self {
        case .observation3e: "3e"
        case .prepaMetiers3e: "3e prépa-métiers"
        case .segpa: "SEGPA"
        case .cap: "CAP"
        case .bacPro: "Bac Pro"
        case .bts: "BTS"
        }
    }

    var bit: Int64 { 1 << Int64(self.rawValue) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The levels in a stored bit set.
    static func set(fromMask mask: Int64) -> [Level] { allCases.filter { mask & $0.bit != 0 } }
    static func mask(of levels: some Sequence<Level>) -> Int64 { levels.reduce(0) { $0 | $1.bit } }
}
