import GRDB
import Testing

@testable import PoleStageStore

/// The search text's full-text pattern, against GRDB's `FTS5Pattern(matchingAllPrefixesIn:)` (which it replaced) and
/// against a real FTS5 table with the store's tokenizer.
@Suite("Search text pattern")
struct OfferTextPatternTests {
    static let written = [
        "", " ", "boula", "Boulanger", "BOULA méca", "  mécanicien\télectricien ", "aide-soignant", "l'atelier",
        "C'est ÇA", "pâtisserie, boulangerie; traiteur.", "\"quoted\" words", "AND OR NOT NEAR", "a_b", "x*y",
        "(a OR b)",
        "^start", "col:umn", "50 € / h", "日本語", "emoji 🙂 here", "—", "ß ŒUVRE", "\u{1A}", "trailing-", "-leading",
        "a\u{0}b", "1er étage", "+", "*",
    ]

    @Test("equals GRDB's pattern for written texts", arguments: Self.written)
    func writtenTexts(text: String) {
        #expect(
            OfferTextPattern(matchingAllPrefixesIn: text)?.rawPattern
                == FTS5Pattern(matchingAllPrefixesIn: text)?.rawPattern
        )
    }

    @Test("equals GRDB's pattern for random texts, and a real table accepts it")
    func randomTexts() throws {
        // Every ASCII character, and a few from each UTF-8 length, so that separators, operators and multi-byte runs mix.
        let alphabet: [Character] =
            (0..<128).compactMap { Unicode.Scalar($0).map(Character.init) }
            + ["é", "Ç", "œ", "€", "—", "日", "🙂", "\u{301}"]
        let database = try DatabaseQueue()
        try database.write { db in
            try db.create(virtualTable: "text", using: FTS5()) { t in
                t.tokenizer = FTS5TokenizerDescriptor(components: ["unicode61", "remove_diacritics", "2"])
                t.prefixes = [2, 3, 4, 5]
                t.column("body")
            }
            try db.execute(sql: "INSERT INTO text(body) VALUES ('mécanicien en atelier'), ('aide-soignant')")
        }
        var random = SplitMix64(seed: 0x7E47_2026)
        var nonEmpty = 0
        for _ in 0..<1_000 {
            let length = Int.random(in: 0...12, using: &random)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            let ours = OfferTextPattern(matchingAllPrefixesIn: text)
            #expect(ours?.rawPattern == FTS5Pattern(matchingAllPrefixesIn: text)?.rawPattern, "\(Array(text.utf8))")
            guard let ours else { continue }
            nonEmpty += 1
            // A pattern FTS5 could not parse would throw here ("fts5: syntax error").
            _ = try database.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM text WHERE text MATCH ?", arguments: [ours.rawPattern])
            }
        }
        #expect(nonEmpty > 500)
    }

    @Test("a word's first letters find it, accents or not")
    func matches() throws {
        let database = try DatabaseQueue()
        try database.write { db in
            try db.create(virtualTable: "text", using: FTS5()) { t in
                t.tokenizer = FTS5TokenizerDescriptor(components: ["unicode61", "remove_diacritics", "2"])
                t.column("body")
            }
            try db.execute(
                sql: "INSERT INTO text(rowid, body) VALUES (1, 'Mécanicien en atelier'), (2, 'Aide-soignant')"
            )
        }
        func found(_ text: String) throws -> [Int64] {
            let pattern = try #require(OfferTextPattern(matchingAllPrefixesIn: text))
            return try database.read { db in
                try Int64.fetchAll(
                    db,
                    sql: "SELECT rowid FROM text WHERE text MATCH ? ORDER BY rowid",
                    arguments: [pattern.rawPattern]
                )
            }
        }
        #expect(try found("meca") == [1])
        #expect(try found("MÉCA atel") == [1])
        #expect(try found("méca soign") == [])
        #expect(try found("aide-soi") == [2])
        #expect(try found("a") == [1, 2])
        #expect(OfferTextPattern(matchingAllPrefixesIn: " - ; ") == nil)
    }
}
