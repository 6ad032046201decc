package import PoleStageStore
import PostgresNIO

extension PostgresPracticeLibrary {
    /// Searches the library: the same results, ranks and order as the SQLite store.
    ///
    /// With a text, SQL finds the resources holding a word that each of the query's words begins, through the GIN index
    /// of `search_words`, and counts what FTS5's bm25 reads (resources, their words, and those each query word begins);
    /// Swift then ranks the candidates with ``PracticeRelevance``, as `bm25(resourceText, 10.0, 1.0, 5.0)` does, and
    /// orders them by rank, ties by id. Without one, the latest changed first, ties by the highest id.
    ///
    /// Results and order differ from SQLite's only where the two split or fold words apart:
    /// - SQLite splits a query word at non-ASCII punctuation into a phrase: `l’évaluation` finds `l` followed by a word
    ///   beginning `evaluation`; here `l` and `evaluation` are two words, each found anywhere, and ranked as two;
    /// - a text of non-ASCII punctuation alone (`’`) finds nothing there, and lists everything here, as no text does;
    /// - Foundation folds `ß` to `ss` and ligatures such as `ﬁ` to their letters, which FTS5's `unicode61` keeps: here
    ///   `Straße` and `strasse` are one word, there two.
    package func search(_ query: ResourceQuery, limit: Int) async throws -> [ResourceHit] {
        var filter = PracticeFilter()
        filter.conditions.append("NOT resource.deleted")
        if let kind = query.kind { filter.conditions.append("resource.kind = \(filter.bind(kind.rawValue))") }
        if let audience = query.audience {
            let audiences = [audience.rawValue, ResourceAudience.everyone.rawValue]
            filter.conditions.append("resource.audience = ANY(\(filter.bind(audiences)))")
        }
        if let tag = query.tag { filter.conditions.append("strpos(resource.tags, \(filter.bind(" \(tag) "))) > 0") }
        let words = OfferSearchWords.words(in: query.text)
        // SQLite reads a negative limit as none.
        let limit: Int? = limit < 0 ? nil : limit
        let limitSQL = limit.map(String.init) ?? "ALL"
        let tables = self.tables
        return try await self.read { q in
            guard !words.isEmpty else {
                let sql = """
                    SELECT \(PracticeQueries.columns) FROM \(tables.resource) resource WHERE \(filter.whereClause)
                    ORDER BY resource.updated_at DESC, resource.id DESC LIMIT \(limitSQL)
                    """
                return try await q.resources(PostgresQuery(unsafeSQL: sql, binds: filter.binds)).map {
                    ResourceHit(resource: $0, rank: -Double($0.updatedAt))
                }
            }
            // Each word a quoted lexeme matched as a prefix; words hold no quote (they are letters and digits).
            let prefixes = words.map { "'\($0)':*" }
            let relevance = try await q.relevance(of: words, prefixes: prefixes)
            filter.conditions.append(
                "resource.search_words @@ \(filter.bind(prefixes.joined(separator: " & ")))::tsquery"
            )
            let sql = """
                SELECT \(PracticeQueries.columns) FROM \(tables.resource) resource WHERE \(filter.whereClause)
                """
            let candidates = try await q.rows(PostgresQuery(unsafeSQL: sql, binds: filter.binds)).map { row in
                let row = try ResourceRow(AcademyRow(row, table: "resource"))
                let rank = relevance.rank(
                    title: try row.row.decode("title"),
                    body: try row.row.decode("body"),
                    tags: try row.row.decode("tags")
                )
                return (rank: rank, id: row.id, row: row)
            }
            let page = candidates.sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }.prefix(limit ?? candidates.count)
            let attachments = try await q.attachments(of: page.map(\.id))
            return try page.map { ResourceHit(resource: try $0.row.resource(attachments: attachments), rank: $0.rank) }
        }
    }

    package func changes(after revision: Int64, limit: Int) async throws -> (resources: [PracticeResource], head: Int64)
    {
        // SQLite reads a negative limit as none.
        let limitSQL = limit < 0 ? "ALL" : String(limit)
        return try await self.read { q in
            let resources = try await q.resources(
                """
                SELECT \(unescaped: PracticeQueries.columns) FROM \(unescaped: q.tables.resource)
                WHERE revision > \(revision) ORDER BY revision LIMIT \(unescaped: limitSQL)
                """
            )
            let rows = try await q.rows("SELECT revision FROM \(unescaped: q.tables.head)")
            guard let head = try rows.first?.decode(Int64.self) else {
                throw StoreError.corrupt("the library's practice_head row is missing")
            }
            return (resources, head)
        }
    }
}

extension PracticeQueries {
    /// What ranks a search for `words`: how many resources the library holds, how many words they hold, and how many
    /// hold a word each query word begins.
    func relevance(of words: [String], prefixes: [String]) async throws -> PracticeRelevance {
        let t = self.tables
        let totals = try await self.rows(
            "SELECT count(*), coalesce(sum(word_count), 0)::bigint FROM \(unescaped: t.resource)"
        )
        guard let (rows, length) = try totals.first?.decode((Int64, Int64).self) else {
            throw StoreError.corrupt("the library's resources cannot be counted")
        }
        let hits = try await self.rows(
            """
            SELECT (SELECT count(*) FROM \(unescaped: t.resource) WHERE search_words @@ q.prefix::tsquery)
            FROM unnest(\(prefixes)::text[]) WITH ORDINALITY AS q (prefix, position) ORDER BY q.position
            """
        ).map { try $0.decode(Int64.self) }
        return PracticeRelevance(words: words, rows: rows, totalLength: length, hits: hits)
    }
}

/// The conditions of a search and their bound values, numbered as they are added.
struct PracticeFilter {
    var conditions: [String] = []
    var binds = PostgresBindings()

    /// The conditions joined by `AND`.
    var whereClause: String { self.conditions.joined(separator: " AND ") }

    /// Binds a value, and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        self.binds.append(value)
        return "$\(self.binds.count)"
    }
}
