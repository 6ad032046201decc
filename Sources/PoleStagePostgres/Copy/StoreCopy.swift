import Foundation
import GRDB
package import Logging
import PoleStageStore
package import PostgresNIO

/// Copies one SQLite store (the académie's file or a basin's) into its schema on PostgreSQL, then checks the copy cell
/// by cell.
///
/// The tables are matched by name: a PostgreSQL table or column is the SQLite one in snake case (`offerPeriod` →
/// `offer_period`, `companySiret` → `company_siret`), but for the few named in ``renamed``. What PostgreSQL keeps in
/// other forms is rebuilt, not copied: the search words of offers and resources (SQLite's FTS5 and R*Tree tables are
/// left), the meta values as integers, the change log's head, the practice library's head and the identity sequences.
/// A table or column of either side that has no counterpart stops the copy with its name: nothing is left behind
/// silently.
///
/// Ids, change-log positions and epochs are kept: a subscriber resumes on PostgreSQL from a position it had on SQLite.
package struct StoreCopy: Sendable {
    /// The SQLite file, opened read-only.
    let source: DatabaseQueue
    let schema: SchemaName
    let client: PostgresClient
    let logger: Logger

    /// SQLite tables that PostgreSQL does not keep as tables: GRDB's and SQLite's bookkeeping, the search index tables
    /// (and their shadow tables, found by name), and `meta`, copied on its own.
    static let derivedTables: Set<String> = ["grdb_migrations", "sqlite_sequence", "offerSearch", "meta"]
    static let virtualTables = ["offerText", "offerLocation", "resourceText"]
    /// PostgreSQL tables that are not copied from a SQLite table of the same name.
    static let ownTables: Set<String> = ["schema_migration", "change_log_head", "practice_head", "meta"]
    /// Columns named otherwise on PostgreSQL, by table: PostgreSQL name → SQLite name.
    static let renamed: [String: [String: String]] = ["change_log": ["position": "offset"]]
    /// Columns PostgreSQL computes from others, by table: what they hold is rebuilt from the row.
    static let computed: [String: Set<String>] = [
        "offer": ["search_words"], "resource": ["search_words", "word_count"],
    ]

    /// A table to copy: its names on both sides and its columns with their PostgreSQL types.
    struct Table {
        let name: String
        let sourceName: String
        let columns: [(name: String, sourceName: String, type: String)]
        let computed: [String]
    }

    /// Opens `path` read-only.
    /// - Throws: ``StoreCopyError/missingFile(_:)`` when there is no such file.
    package init(sqlite path: String, into schema: SchemaName, client: PostgresClient, logger: Logger) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreCopyError.missingFile(path) }
        var configuration = Configuration()
        configuration.readonly = true
        self.source = try DatabaseQueue(path: path, configuration: configuration)
        self.schema = schema
        self.client = client
        self.logger = logger
    }

    /// Copies every table in one transaction, over what the schema's migrations put there; returns the rows copied per
    /// table. The schema exists (its store migrated it) and holds no data of the pôle.
    package func copy() async throws -> [(table: String, rows: Int)] {
        let tables = try await self.plan()
        let order = try await self.dependencyOrder(tables.map(\.name))
        let byName = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
        return try await self.client.withTransaction(logger: self.logger) { connection in
            for name in order.reversed() {
                try await connection.query(
                    PostgresQuery(unsafeSQL: "DELETE FROM \(self.qualified(name))"),
                    logger: self.logger
                )
            }
            var copied: [(table: String, rows: Int)] = []
            for name in order {
                guard let table = byName[name] else { continue }
                copied.append((name, try await self.copy(table, on: connection)))
            }
            try await self.copyBookkeeping(on: connection)
            return copied
        }
    }

    /// Compares every copied table with its source, row by row and cell by cell; returns the rows compared per table.
    /// - Throws: ``StoreCopyError/mismatch(table:detail:)`` at the first table whose copy differs.
    package func check() async throws -> [(table: String, rows: Int)] {
        var checked: [(table: String, rows: Int)] = []
        for table in try await self.plan() {
            let sourceRows = try await self.source.read { db in
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT \(table.columns.map { "\"\($0.sourceName)\"" }.joined(separator: ", ")) FROM \"\(table.sourceName)\""
                )
                .map { row in row.databaseValues.map(CopiedValue.init) }
            }
            let copied = try await self.client.query(
                PostgresQuery(
                    unsafeSQL:
                        "SELECT \(table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")) FROM \(self.qualified(table.name))"
                ),
                logger: self.logger
            ).collect().map { row in try row.map(CopiedValue.init) }
            let (left, right) = (
                sourceRows.sorted { $0.lexicographicallyPrecedes($1) },
                copied.sorted { $0.lexicographicallyPrecedes($1) }
            )
            guard left.count == right.count else {
                throw StoreCopyError.mismatch(
                    table: table.name,
                    detail: "\(left.count) rows in SQLite, \(right.count) copied"
                )
            }
            if let index = left.indices.first(where: { !Self.same(left[$0], right[$0]) }) {
                throw StoreCopyError.mismatch(
                    table: table.name,
                    detail: "row \(index + 1) in order differs from its source"
                )
            }
            checked.append((table.name, left.count))
        }
        try await self.checkBookkeeping()
        return checked
    }

    /// Whether two rows hold the same values, a real and an integer of equal value alike (SQLite keeps a whole real as
    /// given).
    static func same(_ left: [CopiedValue], _ right: [CopiedValue]) -> Bool {
        left.count == right.count
            && zip(left, right).allSatisfy { a, b in
                switch (a, b) {
                case (.integer(let i), .real(let r)), (.real(let r), .integer(let i)): Double(i) == r
                default: a == b
                }
            }
    }

    func qualified(_ table: String) -> String { "\(self.schema.quoted).\"\(table)\"" }

    /// The tables to copy, from both sides' catalogues.
    func plan() async throws -> [Table] {
        let rows = try await self.client.query(
            """
            SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
            WHERE table_schema = \(self.schema.rawValue) ORDER BY table_name, ordinal_position
            """,
            logger: self.logger
        ).collect()
        var targetColumns: [String: [(name: String, type: String)]] = [:]
        var targetOrder: [String] = []
        for row in rows {
            let (table, column, type) = try row.decode((String, String, String).self)
            if targetColumns[table] == nil { targetOrder.append(table) }
            targetColumns[table, default: []].append((column, type))
        }
        let sourceColumns: [String: [String]] = try await self.source.read { db in
            // The file as it is now, not as this connection first read it.
            db.clearSchemaCache()
            let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            return try names.reduce(into: [:]) { columns, name in
                columns[name] = try db.columns(in: name).map(\.name)
            }
        }
        let sourceTables = sourceColumns.keys.filter { name in
            !Self.derivedTables.contains(name)
                && !Self.virtualTables.contains { name == $0 || name.hasPrefix($0 + "_") }
        }
        var tables: [Table] = []
        var matched = Set<String>()
        for name in targetOrder where !Self.ownTables.contains(name) {
            let sourceName = Self.camelCase(name)
            guard let available = sourceColumns[sourceName] else {
                throw StoreCopyError.unmatched("the PostgreSQL table \(name) has no SQLite table \(sourceName)")
            }
            matched.insert(sourceName)
            let computed = Self.computed[name] ?? []
            var columns: [(name: String, sourceName: String, type: String)] = []
            for (column, type) in targetColumns[name] ?? [] where !computed.contains(column) {
                let sourceColumn = Self.renamed[name]?[column] ?? Self.camelCase(column)
                guard available.contains(sourceColumn) else {
                    throw StoreCopyError.unmatched(
                        "the column \(name).\(column) has no SQLite column \(sourceName).\(sourceColumn)"
                    )
                }
                columns.append((column, sourceColumn, type))
            }
            let copiedSource = Set(columns.map(\.sourceName))
            if let left = available.first(where: { !copiedSource.contains($0) }) {
                throw StoreCopyError.unmatched(
                    "the SQLite column \(sourceName).\(left) has no PostgreSQL column in \(name)"
                )
            }
            tables.append(Table(name: name, sourceName: sourceName, columns: columns, computed: computed.sorted()))
        }
        if let left = sourceTables.filter({ !matched.contains($0) }).sorted().first {
            throw StoreCopyError.unmatched("the SQLite table \(left) has no PostgreSQL table in \(self.schema)")
        }
        return tables
    }

    /// `offer_period` → `offerPeriod`.
    static func camelCase(_ snake: String) -> String {
        let parts = snake.split(separator: "_")
        guard let first = parts.first else { return snake }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The tables in an order where every table comes after those its foreign keys name.
    func dependencyOrder(_ tables: [String]) async throws -> [String] {
        let rows = try await self.client.query(
            """
            SELECT child.relname::text, parent.relname::text FROM pg_constraint k
            JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid
            JOIN pg_namespace n ON n.oid = child.relnamespace
            WHERE k.contype = 'f' AND n.nspname = \(self.schema.rawValue)
            """,
            logger: self.logger
        ).collect()
        var parents: [String: Set<String>] = [:]
        for row in rows {
            let (child, parent) = try row.decode((String, String).self)
            if child != parent { parents[child, default: []].insert(parent) }
        }
        var ordered: [String] = []
        var placed = Set<String>()
        func place(_ table: String, _ path: Set<String>) {
            guard !placed.contains(table), !path.contains(table) else { return }
            for parent in (parents[table] ?? []).sorted() { place(parent, path.union([table])) }
            placed.insert(table)
            ordered.append(table)
        }
        for table in tables { place(table, []) }
        return ordered
    }

    /// Copies one table in batches; returns its row count.
    func copy(_ table: Table, on connection: PostgresConnection) async throws -> Int {
        let names = (table.columns.map(\.name) + table.computed).map { "\"\($0)\"" }.joined(separator: ", ")
        let perRow = table.columns.count + table.computed.count
        let batch = max(1, min(500, 30_000 / max(perRow, 1)))
        let sourceColumns = table.columns.map { "\"\($0.sourceName)\"" }.joined(separator: ", ")
        var copied = 0
        while true {
            let offset = copied
            let rows = try await self.source.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT \(sourceColumns) FROM \"\(table.sourceName)\" ORDER BY rowid LIMIT ? OFFSET ?",
                    arguments: [batch, offset]
                ).map { row in row.databaseValues.map(CopiedValue.init) }
            }
            if rows.isEmpty { break }
            var bindings = PostgresBindings(capacity: rows.count * perRow)
            var tuples: [String] = []
            for row in rows {
                var placeholders: [String] = []
                for (value, column) in zip(row, table.columns) {
                    try value.bind(to: &bindings, as: column.type)
                    placeholders.append("$\(bindings.count)")
                }
                for column in table.computed {
                    placeholders.append(try self.computedValue(column, of: table, row: row, bindings: &bindings))
                }
                tuples.append("(\(placeholders.joined(separator: ", ")))")
            }
            try await connection.query(
                PostgresQuery(
                    unsafeSQL:
                        "INSERT INTO \(self.qualified(table.name)) (\(names)) VALUES \(tuples.joined(separator: ", "))",
                    binds: bindings
                ),
                logger: self.logger
            )
            copied += rows.count
        }
        return copied
    }

    /// Binds what a computed column holds for `row`; returns its SQL.
    func computedValue(_ column: String, of table: Table, row: [CopiedValue], bindings: inout PostgresBindings) throws
        -> String
    {
        func text(_ name: String) -> String {
            guard let index = table.columns.firstIndex(where: { $0.name == name }), case .text(let value) = row[index]
            else { return "" }
            return value
        }
        switch (table.name, column) {
        case ("offer", "search_words"):
            let texts = ["title", "description", "trade_label", "company_name", "commune"].map(text)
            bindings.append(Set(texts.flatMap(OfferSearchWords.words(in:))).sorted())
            return "array_to_tsvector($\(bindings.count)::text[])"
        case ("resource", "search_words"):
            bindings.append(
                PracticeQueries.searchWords(title: text("title"), body: text("body"), tags: text("tags")).words
            )
            return "array_to_tsvector($\(bindings.count)::text[])"
        case ("resource", "word_count"):
            bindings.append(
                PracticeQueries.searchWords(title: text("title"), body: text("body"), tags: text("tags")).count
            )
            return "$\(bindings.count)"
        default:
            throw StoreCopyError.unmatched("no rule computes \(table.name).\(column)")
        }
    }
}

/// Why a copy stopped.
package enum StoreCopyError: Error, CustomStringConvertible, Equatable {
    case missingFile(String)
    case unmatched(String)
    case unexpectedValue(String, column: String)
    case mismatch(table: String, detail: String)

    package var description: String {
        switch self {
        case .missingFile(let path): "there is no SQLite store at \(path)"
        case .unmatched(let what): "the two schemas differ: \(what); this version cannot copy this store"
        case .unexpectedValue(let kind, let column): "\(kind) cannot go in a column of type \(column)"
        case .mismatch(let table, let detail): "the copy of \(table) differs from its source: \(detail)"
        }
    }
}
