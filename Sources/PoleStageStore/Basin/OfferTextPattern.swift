/// The full-text query for a search's text: every word of it as a prefix, all required (`boula méca` →
/// `boula* méca*`).
///
/// GRDB's `FTS5Pattern(matchingAllPrefixesIn:)` builds the same pattern, but opens two in-memory databases on each call:
/// one to split the text with SQLite's `ascii` tokenizer, one to check the result against a throwaway FTS5 table.
/// `perf` put about a quarter of a store search's CPU time there (`DomainBenchmarks search`). This type splits the text as
/// that tokenizer does, in Swift, and needs no check: every word it makes is an FTS5 bareword.
///
/// - A word is a run of ASCII letters and digits and of non-ASCII characters; every other ASCII character separates
///   words. ASCII letters are lowercased, so no word is one of FTS5's upper-case operators (`AND`, `OR`, `NOT`, `NEAR`).
/// - FTS5 accepts as a bareword any run of ASCII letters, digits, `_` and non-ASCII characters, which covers every word.
/// - The table's own tokenizer (`unicode61`, diacritics removed) then reads each bareword as the text's words are
///   indexed.
///
/// Tests compare it with GRDB's pattern over many texts.
struct OfferTextPattern: Hashable, Sendable {
    /// The pattern, bound as the argument of `offerText MATCH ?`.
    let rawPattern: String

    /// Nil when the text has no word.
    init?(matchingAllPrefixesIn text: String) {
        var pattern: [UInt8] = []
        var inWord = false
        for byte in text.utf8 {
            if byte >= 0x80 || Self.isASCIILetterOrDigit(byte) {
                if !inWord, !pattern.isEmpty { pattern.append(UInt8(ascii: " ")) }
                pattern.append(Self.lowercased(byte))
                inWord = true
            } else if inWord {
                pattern.append(UInt8(ascii: "*"))
                inWord = false
            }
        }
        if inWord { pattern.append(UInt8(ascii: "*")) }
        guard !pattern.isEmpty else { return nil }
        // Runs of bytes from 0x80 are whole UTF-8 sequences of the original text, so the pattern is valid UTF-8.
        self.rawPattern = String(decoding: pattern, as: UTF8.self)
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            false
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
