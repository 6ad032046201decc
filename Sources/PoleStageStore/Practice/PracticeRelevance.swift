import Foundation

/// A search's relevance ranks, computed as SQLite's FTS5 `bm25(resourceText, 10.0, 1.0, 5.0)` computes them for a
/// library's resources: lower is better, so that the PostgreSQL backend ranks, and orders, as the SQLite one.
///
/// Each word of the query is one phrase, matched as a prefix of a resource's words in any column. For each phrase,
/// `idf = ln((rows - hits + 0.5) / (hits + 0.5))`, at least 1e-6, where `rows` counts every resource (tombstones
/// included: they keep their title) and `hits` those with a word the phrase begins. A resource scores, over the
/// phrases, `idf × f × 2.2 / (f + 1.2 × (0.25 + 0.75 × length / averageLength))`, where `f` counts its words the phrase
/// begins, 10 for each in its title, 5 in its tags and 1 in its text, and `length` counts all its words; its rank is
/// the negated sum.
///
/// Words are ``OfferSearchWords``: without accents or case, split at every character that is neither a letter nor a
/// digit, as FTS5's `unicode61` tokenizer reads French texts.
package struct PracticeRelevance: Sendable {
    /// The weights of a resource's columns, in the order of the full-text table's columns.
    package static let titleWeight = 10.0
    package static let bodyWeight = 1.0
    package static let tagsWeight = 5.0

    /// The query's words, one phrase each, in order.
    package let words: [String]
    private let idf: [Double]
    private let averageLength: Double

    /// - Parameters:
    ///   - words: The query's words, as ``OfferSearchWords/words(in:)`` splits its text.
    ///   - rows: How many resources the library holds, tombstones included.
    ///   - totalLength: How many words they hold in all (``length(title:body:tags:)`` summed).
    ///   - hits: For each word, how many resources hold a word it begins.
    package init(words: [String], rows: Int64, totalLength: Int64, hits: [Int64]) {
        self.words = words
        self.averageLength = Double(totalLength) / Double(rows)
        self.idf = hits.map { hit in
            let idf = log((Double(rows - hit) + 0.5) / (Double(hit) + 0.5))
            return idf <= 0 ? 1e-6 : idf
        }
    }

    /// How many words a resource holds, in its title, text and tags.
    package static func length(title: String, body: String, tags: String) -> Int {
        OfferSearchWords.words(in: title).count + OfferSearchWords.words(in: body).count
            + OfferSearchWords.words(in: tags).count
    }

    /// The rank of a resource that holds every word of the query.
    package func rank(title: String, body: String, tags: String) -> Double {
        let k1 = 1.2
        let b = 0.75
        let columns = [
            (OfferSearchWords.words(in: title), Self.titleWeight),
            (OfferSearchWords.words(in: body), Self.bodyWeight),
            (OfferSearchWords.words(in: tags), Self.tagsWeight),
        ]
        let length = Double(columns.reduce(0) { $0 + $1.0.count })
        var score = 0.0
        for (index, word) in self.words.enumerated() {
            var frequency = 0.0
            for (words, weight) in columns {
                for candidate in words where candidate.hasPrefix(word) { frequency += weight }
            }
            score +=
                self.idf[index]
                * ((frequency * (k1 + 1.0)) / (frequency + k1 * (1 - b + b * length / self.averageLength)))
        }
        return -1.0 * score
    }
}
