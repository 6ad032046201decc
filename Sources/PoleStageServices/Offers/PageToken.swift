import Foundation

/// An opaque page token: the offset of the next page, bound to the query that produced it.
///
/// The fingerprint is FNV-1a over the query's serialized fields (page fields excluded), stable across restarts, so a
/// token used with a changed query is refused instead of returning a shifted page.
struct PageToken: Equatable {
    var offset: Int
    var fingerprint: UInt64

    static let maxOffset = 10_000

    init(offset: Int, fingerprint: UInt64) {
        self.offset = offset
        self.fingerprint = fingerprint
    }

    init(parsing text: String, expecting fingerprint: UInt64, field: String) throws(InvalidField) {
        let invalid = InvalidField(field, "n'est pas un jeton de page de cette recherche")
        guard let data = Data(base64Encoded: text), let string = String(data: data, encoding: .utf8) else {
            throw invalid
        }
        let parts = string.split(separator: ":")
        guard parts.count == 3, parts[0] == "p1", let offset = Int(parts[1]), let seen = UInt64(parts[2], radix: 16),
            offset > 0, offset <= Self.maxOffset
        else { throw invalid }
        guard seen == fingerprint else { throw InvalidField(field, "appartient à une autre recherche") }
        self.init(offset: offset, fingerprint: fingerprint)
    }

    var text: String { Data("p1:\(self.offset):\(String(self.fingerprint, radix: 16))".utf8).base64EncodedString() }

    static func fingerprint(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
