import Foundation

/// The words of an offer's texts as a search matches them: without accents or case, split at every character that is
/// neither a letter nor a digit. A search's text matches an offer when each of its words begins one of the offer's.
///
/// The PostgreSQL store keeps these words per offer (a `tsvector` of them, as they are) and searches them with a
/// prefix query; the SQLite store's FTS5 tokenizer (`unicode61`, diacritics removed) reads texts alike.
package enum OfferSearchWords {
    /// The distinct words of an offer's title, description, trade label, company name and commune, sorted.
    package static func words(of details: OfferDetails, tradeLabel: String, companyName: String) -> [String] {
        let texts = [details.title, details.description, tradeLabel, companyName, details.address.commune]
        return Set(texts.flatMap(Self.words(in:))).sorted()
    }

    /// A text's words, in order.
    package static func words(in text: String) -> [String] {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .split { !$0.isLetter && !$0.isNumber }
            .map(String.init)
    }
}
