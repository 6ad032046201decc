import GRDB

/// One basin's store: offers, periods and seats, reservations, the concerted calendar, contacts and the change log.
///
/// A handle: cheap to copy, it reaches the basin's `DatabasePool` through the ``BasinStoreRegistry`` for each operation.
public struct BasinStore: Sendable {
    public let basin: BasinID
    let registry: BasinStoreRegistry

    var configuration: StoreConfiguration { self.registry.configuration }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await self.registry.withPool(self.basin) { pool in try await pool.read(body) }
    }

    /// One write transaction: everything in `body` commits together or not at all.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await self.registry.withPool(self.basin) { pool in try await pool.write(body) }
    }
}

/// What a change-log entry records.
public enum ChangeKind: String, Sendable {
    case offerCreated = "offer.created"
    case offerUpdated = "offer.updated"
    case offerPublished = "offer.published"
    case offerWithdrawn = "offer.withdrawn"
    case seatsTaken = "seats.taken"
    case seatsFreed = "seats.freed"
}

extension Database {
    /// Appends to the basin's change log, inside the caller's transaction.
    func logChange(_ kind: ChangeKind, offer: Int64, week: ISOWeek? = nil, at: Int64) throws {
        try self.execute(
            sql: "INSERT INTO changeLog (kind, offerId, week, at) VALUES (?, ?, ?, ?)",
            arguments: [kind.rawValue, offer, week?.storage, at]
        )
    }
}

extension BasinStore {
    /// The ISO week of the store's clock.
    public var currentWeek: ISOWeek { ISOWeek(containing: self.configuration.now()) }
}
