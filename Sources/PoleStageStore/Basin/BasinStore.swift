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
    ///
    /// Once it has committed, the registry's commit observer hears of it (the live feed reads the new changes then).
    /// - Parameter touch: Whether the write counts as a use that keeps the store open (maintenance does not).
    func write<T: Sendable>(touch: Bool = true, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let result = try await self.registry.withPool(self.basin, touch: touch) { pool in try await pool.write(body) }
        self.registry.didCommit(self.basin)
        return result
    }
}

extension BasinStore {
    /// The ISO week of the store's clock.
    public var currentWeek: ISOWeek { ISOWeek(containing: self.configuration.now()) }

    /// The store's clock in Unix milliseconds, the unit of ``OfferChange/at``.
    public var nowMilliseconds: Int64 { self.configuration.nowMilliseconds() }
}
