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

    package var bit: Int64 { 1 << Int64(self.rawValue) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

}

extension Level: StoredBitFlag {}
