/// Why a metadata entry of an OPEN, HEADERS or TRAILERS frame breaks `docs/protocol.md` §3, "Metadata".
///
/// The rules are gRPC's for header names and values: a key is one or more of `0-9 a-z _ - .` (lower case only), a
/// key ending in `-bin` carries `binary_value`, any other key carries `ascii_value` made of printable ASCII
/// (0x20 to 0x7E). An entry with neither member set is read as an empty value of its key's kind. A frame whose
/// metadata breaks a rule is refused as a whole: on an OPEN, the stream ends trailers-only with INVALID_ARGUMENT and
/// ``description`` as its message (no handler runs); on a HEADERS or TRAILERS, the client fails the call with
/// INTERNAL and resets the stream (`docs/protocol.md` §11).
public enum MetadataViolation: Error, Equatable, Sendable, CustomStringConvertible {
    /// A key with no character.
    case emptyKey
    /// A key with a character outside `0-9 a-z _ - .` (upper-case letters included).
    case invalidKey(String)
    /// A `binary_value` on a key that does not end in `-bin`.
    case binaryValueOnASCIIKey(String)
    /// An `ascii_value` on a key that ends in `-bin`.
    case asciiValueOnBinaryKey(String)
    /// An `ascii_value` with a byte outside printable ASCII.
    case invalidASCIIValue(String)

    /// The longest key a description quotes, in characters; longer keys are cut and end in `…`.
    static let quotedKeyLimit = 40

    public var description: String {
        switch self {
        case .emptyKey:
            "Malformed metadata: an entry has an empty key."
        case .invalidKey(let key):
            "Malformed metadata key \(Self.quote(key)): keys are lower-case letters, digits, '_', '-' and '.'."
        case .binaryValueOnASCIIKey(let key):
            "Malformed metadata entry \(Self.quote(key)): binary_value is for keys ending in '-bin'; send ascii_value."
        case .asciiValueOnBinaryKey(let key):
            "Malformed metadata entry \(Self.quote(key)): a key ending in '-bin' carries binary_value, not ascii_value."
        case .invalidASCIIValue(let key):
            "Malformed metadata entry \(Self.quote(key)): ascii_value must be printable ASCII (0x20 to 0x7E)."
        }
    }

    /// The key between quotes, cut to ``quotedKeyLimit`` characters, with anything but printable ASCII as `?`.
    private static func quote(_ key: String) -> String {
        var quoted = ""
        for (index, scalar) in key.unicodeScalars.enumerated() {
            guard index < Self.quotedKeyLimit else {
                quoted += "…"
                break
            }
            quoted.unicodeScalars.append((0x20...0x7E).contains(scalar.value) ? scalar : "?")
        }
        return "'" + quoted + "'"
    }
}

extension MetadataEntry {
    /// Whether the key names a binary entry (ends in `-bin`).
    public var hasBinaryKey: Bool {
        self.key.hasSuffix("-bin")
    }

    /// The first rule of `docs/protocol.md` §3, "Metadata", that this entry breaks; `nil` when it keeps them all.
    public var violation: MetadataViolation? {
        guard !self.key.isEmpty else { return .emptyKey }
        for byte in self.key.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
                continue
            default:
                return .invalidKey(self.key)
            }
        }
        switch self.value {
        case .binaryValue:
            return self.hasBinaryKey ? nil : .binaryValueOnASCIIKey(self.key)
        case .asciiValue(let value):
            guard !self.hasBinaryKey else { return .asciiValueOnBinaryKey(self.key) }
            return value.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) ? nil : .invalidASCIIValue(self.key)
        case .none:
            return nil
        }
    }
}

extension Array where Element == MetadataEntry {
    /// The first entry's violation of `docs/protocol.md` §3, "Metadata", in order; `nil` when every entry is valid.
    public var metadataViolation: MetadataViolation? {
        for entry in self {
            if let violation = entry.violation { return violation }
        }
        return nil
    }
}
