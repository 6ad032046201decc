/// A trade, by its code in the ROME nomenclature (Répertoire opérationnel des métiers et des emplois): a capital
/// letter and four digits, such as `G1602` (Personnel de cuisine).
public struct TradeCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init?(_ string: String) {
        let characters = Array(string)
        guard characters.count == 5, let first = characters.first, first.isASCII, first.isUppercase,
            characters.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        self.rawValue = string
    }

    public var description: String { self.rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
