/// The UAI (unité administrative immatriculée) of a school: seven characters and a check letter, such as `0710012C`.
///
/// The check letter is the rank, in `ABCDEFGHJKLMNPRSTUVWXYZ`, of the first seven characters read as a number
/// modulo 23 (for Corsica's `2A`/`2B` prefixes, the digits after them).
public struct UAI: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    static let checkLetters = Array("ABCDEFGHJKLMNPRSTUVWXYZ")

    /// Validates the format and the check letter; lowercase letters are accepted and uppercased.
    public init?(_ string: String) {
        let upper = string.uppercased()
        let characters = Array(upper)
        guard characters.count == 8, let key = characters.last, key.isLetter else { return nil }
        let body = String(characters[0..<7])
        let digits: Substring
        if body.hasPrefix("2A") || body.hasPrefix("2B") {
            digits = body.dropFirst(2)
        } else {
            digits = Substring(body)
        }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) else { return nil }
        guard Self.checkLetters[number % 23] == key else { return nil }
        self.rawValue = upper
    }

    /// The check letter for seven characters, to build valid identifiers (demo data, tests).
    public static func checkLetter(for body: String) -> Character? {
        let digits = body.hasPrefix("2A") || body.hasPrefix("2B") ? String(body.dropFirst(2)) : body
        guard body.count == 7, let number = Int(digits) else { return nil }
        return checkLetters[number % 23]
    }

    public var description: String { self.rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
