import GRDB

extension AcademyStore {
    /// The trade with this ROME code, or `nil`.
    public func trade(_ code: TradeCode) async throws -> Trade? {
        try await self.read { db in try TradeRecord.fetchOne(db, key: code.rawValue)?.trade }
    }

    /// Every trade, by code.
    public func trades() async throws -> [Trade] {
        try await self.read { db in try TradeRecord.order(Column("code")).fetchAll(db).map(\.trade) }
    }
}
