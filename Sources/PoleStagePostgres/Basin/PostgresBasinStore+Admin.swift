package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore: BasinAdminStorage {
    package func markArchived() async throws {
        try await self.write(allowArchived: true) { t in try await t.setMeta("archived", 1) }
    }

    package func isArchived() async throws -> Bool {
        try await self.read { r in
            try await r.rows("SELECT value FROM \(unescaped: r.tables.meta) WHERE key = 'archived'")
                .first?.decode(Int64.self) == 1
        }
    }

    package func offerCount() async throws -> Int {
        try await self.read { r in
            try await r.rows("SELECT count(*) FROM \(unescaped: r.tables.offer) WHERE state != 'withdrawn'")
                .first?.decode(Int.self) ?? 0
        }
    }

    package func moveCompany(from duplicate: SIRET, to kept: SIRET, name: String) async throws -> (
        offers: Int, contacts: Int
    ) {
        let now = self.nowMilliseconds
        return try await self.write(allowArchived: true) { t in
            let ids = try await t.rows(
                "SELECT id FROM \(unescaped: t.tables.offer) WHERE company_siret = \(duplicate.rawValue) ORDER BY id"
            ).map { try $0.decode(Int64.self) }
            for id in ids {
                let before = try await t.requireOffer(id)
                try await t.execute(
                    """
                    UPDATE \(unescaped: t.tables.offer) SET external_ref = NULL
                    WHERE id = \(id) AND external_ref IN (
                      SELECT external_ref FROM \(unescaped: t.tables.offer) WHERE company_siret = \(kept.rawValue))
                    """
                )
                let words = OfferSearchWords.words(of: before.details, tradeLabel: before.tradeLabel, companyName: name)
                try await t.execute(
                    """
                    UPDATE \(unescaped: t.tables.offer) SET company_siret = \(kept.rawValue), company_name = \(name),
                      version = version + 1, updated_at = \(now), search_words = array_to_tsvector(\(words))
                    WHERE id = \(id)
                    """
                )
                try await t.logChange(.offerUpdated, offer: id, before: before, at: now)
            }
            let contacts = try await t.rows(
                """
                UPDATE \(unescaped: t.tables.contact) SET company_siret = \(kept.rawValue), company_name = \(name)
                WHERE company_siret = \(duplicate.rawValue)
                RETURNING 1
                """
            ).count
            return (ids.count, contacts)
        }
    }
}
