/// The SIRET of a company establishment: 14 digits whose Luhn checksum is valid.
///
/// La Poste's establishments (SIREN 356000000) follow their own rule instead: the sum of the digits is a multiple of 5;
/// its head office, `35600000000048`, keeps the Luhn check.
public struct SIRET: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// Validates a SIRET; spaces between digit groups are accepted and removed.
    public init?(_ string: String) {
        let compact = string.filter { $0 != " " }
        let digits = compact.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard digits.count == 14, compact.count == 14 else { return nil }
        if Self.usesLaPosteRule(compact) {
            guard digits.reduce(0, +) % 5 == 0 else { return nil }
        } else {
            guard Self.luhnSum(digits) % 10 == 0 else { return nil }
        }
        self.rawValue = compact
    }

    /// The SIREN: the company's first nine digits.
    public var siren: String { String(self.rawValue.prefix(9)) }

    /// The last digit that makes 13 digits a valid SIRET, to build identifiers (demo data, tests).
    public static func checkDigit(for thirteenDigits: String) -> Int? {
        let digits = thirteenDigits.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard digits.count == 13 else { return nil }
        if thirteenDigits.hasPrefix("356000000") {
            let luhn = (10 - luhnSum(digits + [0]) % 10) % 10
            if usesLaPosteRule(thirteenDigits + String(luhn)) == false { return luhn }
            return (5 - digits.reduce(0, +) % 5) % 5
        }
        return (10 - luhnSum(digits + [0]) % 10) % 10
    }

    static let laPosteHeadOffice = "35600000000048"

    static func usesLaPosteRule(_ fourteenDigits: String) -> Bool {
        fourteenDigits.hasPrefix("356000000") && fourteenDigits != laPosteHeadOffice
    }

    static func luhnSum(_ digits: [Int]) -> Int {
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum
    }

    public var description: String { self.rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
