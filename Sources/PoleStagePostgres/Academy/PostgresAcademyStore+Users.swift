package import PoleStageStore
import PostgresNIO

extension PostgresAcademyStore {
    package func insertUser(_ user: User) async throws -> User {
        let now = self.nowMilliseconds
        return try await self.write { t in try await t.writeUser(user, existing: .refuse, now: now) }
    }

    @discardableResult
    package func saveUser(_ user: User) async throws -> User {
        let now = self.nowMilliseconds
        return try await self.write { t in try await t.writeUser(user, existing: .update, now: now) }
    }

    package func user(_ id: String) async throws -> User? {
        try await self.fetchUser(id)
    }

    package func assignAnimator(_ id: String, to basin: BasinID) async throws -> User {
        let now = self.nowMilliseconds
        return try await self.write { t in
            let user = try await t.requireUser(id, lock: .update).assigned(to: basin)
            return try await t.writeUser(user, existing: .update, now: now)
        }
    }

    package func deactivateUser(_ id: String) async throws -> User {
        let now = self.nowMilliseconds
        return try await self.write { t in
            var user = try await t.requireUser(id, lock: .update)
            user.active = false
            return try await t.writeUser(user, existing: .update, now: now)
        }
    }

    package func inactiveUserIDs() async throws -> Set<String> {
        Set(
            try await self.rows("SELECT id FROM \(unescaped: self.tables.user) WHERE NOT active").map {
                try $0.decode(String.self)
            }
        )
    }
}

extension AcademyTransaction {
    /// The one write of a `user` row: every write of a user goes through here.
    ///
    /// The basin, school and company it names must exist, and stay until the transaction ends. A new row is stamped
    /// `now`; an existing one keeps its creation time and takes everything else from `user`.
    /// - Returns: The user as stored.
    func writeUser(_ user: User, existing: ExistingRow, now: Int64) async throws -> User {
        let tables = self.tables
        if existing == .refuse, try await self.exists("SELECT 1 FROM \(unescaped: tables.user) WHERE id = \(user.id)") {
            throw StoreError.userExists(user.id)
        }
        if let basin = user.basin { _ = try await self.requireBasin(basin, lock: .keyShare) }
        if let school = user.school,
            try await !self.exists(
                "SELECT 1 FROM \(unescaped: tables.school) WHERE uai = \(school.rawValue) FOR KEY SHARE"
            )
        {
            throw StoreError.unknownSchool(school)
        }
        if let company = user.company,
            try await !self.exists(
                "SELECT 1 FROM \(unescaped: tables.company) WHERE siret = \(company.rawValue) FOR KEY SHARE"
            )
        {
            throw StoreError.unknownCompany(company)
        }
        let columns = ["role", "basin_id", "school_uai", "company_siret", "active"]
        _ = try await self.write(
            """
            INSERT INTO \(unescaped: tables.user) (id, role, basin_id, school_uai, company_siret, active, created_at)
            VALUES (\(user.id), \(user.role), \(user.basin?.rawValue), \(user.school?.rawValue),
              \(user.company?.rawValue), \(user.active), \(now))
            \(unescaped: existing.onConflict(key: "id", update: columns))
            """,
            existing: existing,
            orElse: .userExists(user.id)
        )
        return try await self.requireUser(user.id)
    }
}
