/// A school's pseudonymous reference for one of its pupils.
///
/// PôleStage never stores who a pupil is: the school keeps the link between this reference and the child. The format
/// (4 to 32 letters, digits, `-` or `_`, at least one digit) turns away names typed by mistake. It is never logged.
public struct PupilRef: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init?(_ string: String) {
        guard (4...32).contains(string.utf8.count),
            string.utf8.allSatisfy({ byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_")
            }),
            string.utf8.contains(where: { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        self.rawValue = string
    }

    /// Redacted: a pupil reference never reaches a log line through string interpolation.
    public var description: String { "<pupil>" }
}
