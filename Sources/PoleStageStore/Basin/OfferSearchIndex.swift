import GRDB
import Synchronization

/// The short search row (`offerSearch`) of every offer of one basin, in memory, for searches with both a text and a
/// radius.
///
/// Such a search reads the text index's matches, then decides in memory which are within the circle and pass the
/// query's filters, and reads in SQL only the page of offers it returns. It used to intersect the text matches with
/// the R*Tree's box, then (with positions only in memory) to look up and filter every candidate within the circle in
/// SQL: for a broad text, that look-up was the largest cost after reading the text matches (`DomainBenchmarks search`, profiled).
///
/// A row in memory must say what the search's own snapshot says: the search trusts it. Hence:
/// - An ``OfferSearchObserver`` on the writer connection keeps it in step with every committed change to
///   `offerSearch`, whichever statement or trigger made it; both are set up in one writer access (``open(_:)``), so no
///   commit can fall between the load and the observation.
/// - Between a commit becoming visible and the index reading its new rows, and for as long as a search that may hold
///   an older snapshot is running, the changed offers are *unsure*: every search hands them to SQL, which checks them
///   against its snapshot. They are marked before the commit (from SQLite's commit hook), and forgotten once every
///   search that entered before their new rows were read has left (``withReader(_:)``).
/// - A query whose filters read more than `offerSearch` (a week range, free seats: `offerPeriod`) uses the rows only for
///   the circle, and SQL checks the rest.
///
/// Memory: 48 bytes per offer id up to the largest (ids are dense, from AUTOINCREMENT, and offers are never deleted),
/// plus the array's spare capacity, plus each distinct trade code, SIRET and school UAI once: 4.8 MB for 100,000
/// offers, 9.6 MB at most while the array has just doubled (computed from the layout, which a test checks; not
/// measured). Ids from ``denseLimit`` up are not held, and are always handed to SQL.
final class OfferSearchIndex: Sendable {
    private let state: Mutex<State>

    /// The largest id held is `denseLimit - 1`: 192 MB at most, for a basin of four million offers.
    static let denseLimit: Int64 = 1 << 22

    /// A generation that never retires: the change is not committed yet, or its rows could not be read.
    private static let pending = UInt64.max

    /// An offer's `offerSearch` row. Texts are numbered (``State/numbers``); 0 is NULL.
    struct SearchRow {
        var latitude: Double
        var longitude: Double
        var levels: Int64
        /// `noWeek` for NULL.
        var lastWeek: Int64
        var tradeCode: UInt32
        var companySiret: UInt32
        var reservedForSchool: UInt32
        /// `state = 'published'`.
        var published: Bool
        var accessible: Bool

        static let noWeek = Int64.min

        /// No offer row: NaN, outside every circle.
        static let absent = SearchRow(
            latitude: .nan,
            longitude: .nan,
            levels: 0,
            lastWeek: noWeek,
            tradeCode: 0,
            companySiret: 0,
            reservedForSchool: 0,
            published: false,
            accessible: false
        )
    }

    private struct State {
        /// By offer id.
        var rows: [SearchRow] = []
        /// The number of each trade code, SIRET or UAI seen, from 1.
        var numbers: [String: UInt32] = [:]
        /// Offers whose row a running search may see otherwise than ``rows`` says, with the generation in which their
        /// new row was read (``pending`` until then).
        var unsure: [Int64: UInt64] = [:]
        /// Every offer is unsure since this generation: after a change GRDB could not describe row by row.
        var allUnsure: UInt64?
        /// Offers whose rows could not be read after a commit: unsure for good (``pending``), even after a rollback.
        var stale: Set<Int64> = []
        /// The same for every offer.
        var allStale = false
        /// Counts the commits applied.
        var generation: UInt64 = 0
        /// The searches running, by the generation in which they entered.
        var readers: [UInt64: Int] = [:]

        mutating func set(_ id: Int64, _ row: SearchRow) {
            guard id >= 0, id < OfferSearchIndex.denseLimit else { return }
            let slot = Int(id)
            if slot >= self.rows.count {
                self.rows.append(contentsOf: repeatElement(.absent, count: slot - self.rows.count + 1))
            }
            self.rows[slot] = row
        }

        /// The number of a text, given one if new; 0 for NULL.
        mutating func number(_ text: String?) -> UInt32 {
            guard let text else { return 0 }
            if let number = self.numbers[text] { return number }
            let number = UInt32(self.numbers.count + 1)
            self.numbers[text] = number
            return number
        }

        /// A row as held, its texts numbered.
        mutating func row(_ stored: StoredRow) -> SearchRow {
            SearchRow(
                latitude: stored.latitude,
                longitude: stored.longitude,
                levels: stored.levels,
                lastWeek: stored.lastWeek ?? SearchRow.noWeek,
                tradeCode: self.number(stored.tradeCode),
                companySiret: self.number(stored.companySiret),
                reservedForSchool: self.number(stored.reservedForSchool),
                published: stored.state == OfferState.published.rawValue,
                accessible: stored.accessible
            )
        }

        /// Forgets the unsure offers that no running search can see otherwise than ``rows`` says.
        mutating func retire() {
            let floor = self.readers.keys.min() ?? self.generation
            if let all = self.allUnsure, all < floor { self.allUnsure = nil }
            if !self.unsure.isEmpty { self.unsure = self.unsure.filter { $0.value >= floor } }
        }
    }

    private init(_ state: State) {
        self.state = Mutex(state)
    }

    /// Loads the basin's rows and starts observing its writes, in one access to the writer connection.
    static func open(_ writer: any DatabaseWriter) throws -> OfferSearchIndex {
        try writer.writeWithoutTransaction { db in
            var state = State()
            for stored in try Self.read(db, ids: nil) {
                let row = state.row(stored)
                state.set(stored.id, row)
            }
            let index = OfferSearchIndex(state)
            db.add(transactionObserver: OfferSearchObserver(index), extent: .databaseLifetime)
            return index
        }
    }

    /// An `offerSearch` row as read, before its texts are numbered.
    private struct StoredRow {
        var id: Int64
        var latitude: Double
        var longitude: Double
        var levels: Int64
        var lastWeek: Int64?
        var tradeCode: String
        var companySiret: String
        var reservedForSchool: String?
        var state: String
        var accessible: Bool
    }

    /// The rows of those of `ids` (of every offer, for `nil`) that have one.
    private static func read(_ db: Database, ids: Set<Int64>?) throws -> [StoredRow] {
        let columns = """
            SELECT id, latitude, longitude, levels, lastWeek, tradeCode, companySiret, reservedForSchool, state, accessible
            FROM offerSearch
            """
        let rows =
            if let ids {
                try Row.fetchCursor(
                    db.cachedStatement(sql: columns + " WHERE id IN (SELECT value FROM json_each(?))"),
                    arguments: [BasinStore.jsonList(ids)]
                )
            } else {
                try Row.fetchCursor(db, sql: columns)
            }
        var read: [StoredRow] = []
        while let row = try rows.next() {
            read.append(
                StoredRow(
                    id: row[0],
                    latitude: row[1],
                    longitude: row[2],
                    levels: row[3],
                    lastWeek: row[4],
                    tradeCode: row[5],
                    companySiret: row[6],
                    reservedForSchool: row[7],
                    state: row[8],
                    accessible: row[9]
                )
            )
        }
        return read
    }

    /// Runs a search that reads the index. It must enter before its read transaction starts: the offers changed since
    /// then stay unsure until it leaves.
    func withReader<T>(_ body: () async throws -> T) async rethrows -> T {
        let entered = self.state.withLock { state in
            state.readers[state.generation, default: 0] += 1
            return state.generation
        }
        defer {
            self.state.withLock { state in
                if let count = state.readers[entered], count > 1 {
                    state.readers[entered] = count - 1
                } else {
                    state.readers[entered] = nil
                    state.retire()
                }
            }
        }
        return try await body()
    }

    /// What a search around a point learns from the index.
    struct Found {
        /// The offers decided in memory: within the circle and passing every filter, with their distance in km.
        var measured: [(distance: Double, id: Int64)] = []
        /// The offers left to SQL, in the order of the ids given: unsure, beyond ``denseLimit``, or, when the filter
        /// needs more than these rows, simply within the circle.
        var toCheck: [Int64] = []
    }

    /// Of `ids`, those within `radiusKm` of `near` that pass `query`'s other filters, and those that SQL must check.
    /// When the query also filters on the periods, which the rows do not hold, every offer within the circle is left to
    /// SQL.
    func search(among ids: [Int64], near: GeoPoint, radiusKm: Double, query: OfferQuery, currentWeek: ISOWeek) -> Found
    {
        let box = near.boundingBox(radiusKm: radiusKm)
        return self.state.withLock { state in
            var found = Found()
            if state.allUnsure != nil {
                found.toCheck = ids
                return found
            }
            let filter = OfferSearchFilter(query, currentWeek: currentWeek, numbers: state.numbers)
            let checkUnsure = !state.unsure.isEmpty
            for id in ids {
                if checkUnsure, state.unsure[id] != nil {
                    found.toCheck.append(id)
                } else if id >= 0, id < state.rows.count {
                    let row = state.rows[Int(id)]
                    guard row.latitude >= box.minLat, row.latitude <= box.maxLat,
                        row.longitude >= box.minLon, row.longitude <= box.maxLon
                    else { continue }
                    let distance = GeoPoint.distanceKm(near.latitude, near.longitude, row.latitude, row.longitude)
                    guard distance <= radiusKm else { continue }
                    if let filter {
                        if filter.accepts(row) { found.measured.append((distance, id)) }
                    } else {
                        found.toCheck.append(id)
                    }
                } else if id >= Self.denseLimit || id < 0 {
                    found.toCheck.append(id)
                }
            }
            return found
        }
    }

    // MARK: Called by the observer, on the writer connection.

    /// From the commit hook, before the commit is visible: the changed offers become unsure.
    func willCommit(_ ids: Set<Int64>, all: Bool) {
        self.state.withLock { state in
            if all { state.allUnsure = Self.pending }
            for id in ids { state.unsure[id] = Self.pending }
        }
    }

    /// After the commit: reads the changed offers' rows from the committed state. Should that read fail, they stay
    /// unsure for good, which costs only time.
    func didCommit(_ db: Database, _ ids: Set<Int64>, all: Bool) {
        let read = try? Self.read(db, ids: all ? nil : ids)
        self.state.withLock { state in
            guard let read else {
                if all { state.allStale = true } else { state.stale.formUnion(ids) }
                return
            }
            let generation = state.generation
            if all {
                state.rows = []
                state.allUnsure = generation
                state.allStale = false
                state.stale = []
            } else {
                for id in ids { state.set(id, .absent) }
                state.stale.subtract(ids)
            }
            for stored in read {
                let row = state.row(stored)
                state.set(stored.id, row)
            }
            for id in ids { state.unsure[id] = generation }
            state.generation += 1
            state.retire()
        }
    }

    /// After a rollback: nothing changed, so the rows in memory still hold. The commit hook's marks, when the commit
    /// failed after it, are lifted as a commit's are, once the searches that may have read them leave; the marks of
    /// rows that could not be read stay. (`max(_:_:)` kept both, so a failed commit left its offers unsure for good.)
    func didRollback(_ ids: Set<Int64>, all: Bool) {
        self.state.withLock { state in
            let generation = state.generation
            if all { state.allUnsure = state.allStale ? Self.pending : generation }
            for id in ids { state.unsure[id] = state.stale.contains(id) ? Self.pending : generation }
            state.generation += 1
            state.retire()
        }
    }
}
