/// The identifier of an education basin: a lowercase slug such as `chalon-tournus-louhans`.
///
/// It names the basin's SQLite file, so it is restricted to what is safe in a file name.
public struct BasinID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// Validates a slug: 2 to 48 characters among `a`–`z`, `0`–`9` and `-`, starting with a letter, no `--`.
    public init?(_ rawValue: String) {
        let bytes = Array(rawValue.utf8)
        guard (2...48).contains(bytes.count), let first = bytes.first,
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first),
            bytes.last != UInt8(ascii: "-")
        else { return nil }
        var previous: UInt8 = 0
        for byte in bytes {
            let isLetter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            let isDash = byte == UInt8(ascii: "-")
            guard isLetter || isDigit || isDash, !(isDash && previous == UInt8(ascii: "-")) else { return nil }
            previous = byte
        }
        self.rawValue = rawValue
    }

    public var description: String { self.rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
