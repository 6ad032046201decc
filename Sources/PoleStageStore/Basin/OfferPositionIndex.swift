import GRDB
import Synchronization

/// The position of every offer of one basin, in memory, for searches with both a text and a radius.
///
/// Such a search used to intersect the text index's matches with the R*Tree's box, and reading every box entry was
/// about as costly as reading every text match (perf: two thirds of a query inside SQLite). With the positions in
/// memory, the text matches are tested against the circle in Swift and the R*Tree is not read at all.
///
/// The index only chooses candidates: the search's SQL still reads each candidate's position from its own snapshot and
/// measures it, so the index must never leave out an offer that a snapshot has within the circle, and may include
/// offers that are not (they are dropped). Hence:
/// - An ``OfferPositionObserver`` on the writer connection keeps it in step with every committed change to
///   `offerSearch`, whichever statement or trigger made it; both are set up in one writer access (``open(_:)``), so no
///   commit can fall between the load and the observation.
/// - Between a commit becoming visible and the index reading its new positions, and for as long as a search that may
///   hold an older snapshot is running, the changed offers are *unsure*: every search takes them as candidates. They
///   are marked before the commit (from SQLite's commit hook), and forgotten once every search that entered before
///   their new positions were read has left (``withReader(_:)``).
///
/// Memory: 16 bytes per offer id up to the largest (ids are dense, from AUTOINCREMENT, and offers are never deleted),
/// plus the array's spare capacity: 1.6 to 3.2 MB for 100,000 offers. Ids from ``denseLimit`` up are not held, and are
/// always candidates.
final class OfferPositionIndex: Sendable {
    private let state: Mutex<State>

    /// The largest id held is `denseLimit - 1`: 64 MB at most, for a basin of four million offers.
    static let denseLimit: Int64 = 1 << 22

    /// A generation that never retires: the change is not committed yet, or its positions could not be read.
    private static let pending = UInt64.max

    private struct Position {
        var latitude: Double
        var longitude: Double

        /// No offer row: NaN, outside every circle.
        static let absent = Position(latitude: .nan, longitude: .nan)
    }

    private struct State {
        /// By offer id.
        var positions: [Position] = []
        /// Offers whose position a running search may see otherwise than ``positions`` says, with the generation in
        /// which their new position was read (``pending`` until then).
        var unsure: [Int64: UInt64] = [:]
        /// Every offer is unsure since this generation: after a change GRDB could not describe row by row.
        var allUnsure: UInt64?
        /// Counts the commits applied.
        var generation: UInt64 = 0
        /// The searches running, by the generation in which they entered.
        var readers: [UInt64: Int] = [:]

        mutating func set(_ id: Int64, _ position: Position) {
            guard id >= 0, id < OfferPositionIndex.denseLimit else { return }
            let slot = Int(id)
            if slot >= self.positions.count {
                self.positions.append(contentsOf: repeatElement(.absent, count: slot - self.positions.count + 1))
            }
            self.positions[slot] = position
        }

        /// Forgets the unsure offers that no running search can see otherwise than ``positions`` says.
        mutating func retire() {
            let floor = self.readers.keys.min() ?? self.generation
            if let all = self.allUnsure, all < floor { self.allUnsure = nil }
            if !self.unsure.isEmpty { self.unsure = self.unsure.filter { $0.value >= floor } }
        }
    }

    private init(_ state: State) {
        self.state = Mutex(state)
    }

    /// Loads the basin's positions and starts observing its writes, in one access to the writer connection.
    static func open(_ pool: DatabasePool) throws -> OfferPositionIndex {
        try pool.writeWithoutTransaction { db in
            var state = State()
            for (id, position) in try Self.read(db, ids: nil) { state.set(id, position) }
            let index = OfferPositionIndex(state)
            db.add(transactionObserver: OfferPositionObserver(index), extent: .databaseLifetime)
            return index
        }
    }

    /// The positions of those of `ids` (of every offer, for `nil`) that have an offer row.
    private static func read(_ db: Database, ids: Set<Int64>?) throws -> [(Int64, Position)] {
        let rows =
            if let ids {
                try Row.fetchCursor(
                    db.cachedStatement(
                        sql:
                            "SELECT id, latitude, longitude FROM offerSearch WHERE id IN (SELECT value FROM json_each(?))"
                    ),
                    arguments: [BasinStore.jsonList(ids)]
                )
            } else {
                try Row.fetchCursor(db, sql: "SELECT id, latitude, longitude FROM offerSearch")
            }
        var positions: [(Int64, Position)] = []
        while let row = try rows.next() { positions.append((row[0], Position(latitude: row[1], longitude: row[2]))) }
        return positions
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

    /// Of `ids`, in their order, those within `radiusKm` of `near` and those whose position is unsure.
    func candidates(among ids: [Int64], near: GeoPoint, radiusKm: Double) -> [Int64] {
        let box = near.boundingBox(radiusKm: radiusKm)
        return self.state.withLock { state in
            if state.allUnsure != nil { return ids }
            var found: [Int64] = []
            for id in ids {
                if id >= 0, id < state.positions.count {
                    let position = state.positions[Int(id)]
                    if position.latitude >= box.minLat, position.latitude <= box.maxLat,
                        position.longitude >= box.minLon, position.longitude <= box.maxLon,
                        GeoPoint.distanceKm(near.latitude, near.longitude, position.latitude, position.longitude)
                            <= radiusKm
                    {
                        found.append(id)
                        continue
                    }
                } else if id >= Self.denseLimit || id < 0 {
                    found.append(id)
                    continue
                }
                if !state.unsure.isEmpty, state.unsure[id] != nil { found.append(id) }
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

    /// After the commit: reads the changed offers' positions from the committed state. Should that read fail, they stay
    /// unsure for good, which costs only time.
    func didCommit(_ db: Database, _ ids: Set<Int64>, all: Bool) {
        let read = try? Self.read(db, ids: all ? nil : ids)
        self.state.withLock { state in
            guard let read else { return }
            let generation = state.generation
            if all {
                state.positions = []
                state.allUnsure = generation
            } else {
                for id in ids { state.set(id, .absent) }
            }
            for (id, position) in read { state.set(id, position) }
            for id in ids { state.unsure[id] = generation }
            state.generation += 1
            state.retire()
        }
    }

    /// After a rollback: nothing changed, but a search may have taken the offers as unsure meanwhile. Those unsure for
    /// good stay so.
    func didRollback(_ ids: Set<Int64>, all: Bool) {
        self.state.withLock { state in
            let generation = state.generation
            if all { state.allUnsure = max(state.allUnsure ?? 0, generation) }
            for id in ids { state.unsure[id] = max(state.unsure[id] ?? 0, generation) }
            state.generation += 1
            state.retire()
        }
    }
}
