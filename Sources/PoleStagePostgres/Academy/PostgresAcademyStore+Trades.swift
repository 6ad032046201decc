package import PoleStageStore
import PostgresNIO

extension PostgresAcademyStore {
    package func trade(_ code: TradeCode) async throws -> Trade? {
        try await self.trades(
            "SELECT code, label FROM \(unescaped: self.tables.trade) WHERE code = \(code.rawValue)"
        ).first
    }

    package func trades() async throws -> [Trade] {
        try await self.trades("SELECT code, label FROM \(unescaped: self.tables.trade) ORDER BY code")
    }

    private func trades(_ query: PostgresQuery) async throws -> [Trade] {
        try await self.rows(query).map { row in
            let row = AcademyRow(row, table: "trade")
            return Trade(code: try row.decode("code", as: TradeCode.init), label: try row.decode("label"))
        }
    }
}
