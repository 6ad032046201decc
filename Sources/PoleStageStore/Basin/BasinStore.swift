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
    /// An archived basin is read-only: a write that counts as a use fails with
    /// ``StoreError/failedPrecondition(_:)``, checked in the transaction itself (see ``markArchived()``).
    /// - Parameters:
    ///   - touch: Whether the write counts as a use that keeps the store open (maintenance does not).
    ///   - allowArchived: Whether the write may change an archived basin (the coordination's company merges).
    func write<T: Sendable>(
        touch: Bool = true,
        allowArchived: Bool = false,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        let basin = self.basin
        let checked: @Sendable (Database) throws -> T = { db in
            if touch, !allowArchived, try Self.meta(db, Self.archivedKey) == 1 {
                throw StoreError.failedPrecondition("basin \(basin) is archived: it is read-only")
            }
            return try body(db)
        }
        let result = try await self.registry.withPool(self.basin, touch: touch) { pool in
            try await pool.write(checked)
        }
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
