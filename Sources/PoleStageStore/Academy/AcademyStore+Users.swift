import GRDB

extension AcademyStore {
    /// Adds a user.
    ///
    /// - Throws: ``StoreError/alreadyExists(_:)`` when its id is taken; ``StoreError/notFound(_:)`` when its basin,
    ///   school or company is not in the directory.
    public func insertUser(_ user: User) async throws -> User {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            if try Self.fetchUser(db, user.id) != nil { throw StoreError.alreadyExists("user \(user.id)") }
            if let basin = user.basin { _ = try Self.requireBasin(db, basin) }
            if let school = user.school,
                try Bool.fetchOne(db, sql: "SELECT 1 FROM school WHERE uai = ?", arguments: [school.rawValue]) == nil
            {
                throw StoreError.notFound("school \(school)")
            }
            if let company = user.company, try !Self.companyExists(db, company) {
                throw StoreError.notFound("company \(company)")
            }
            try db.execute(
                sql: """
                    INSERT INTO user (id, role, basinId, schoolUai, companySiret, active, createdAt)
                    VALUES (?, ?, ?, ?, ?, 1, ?)
                    """,
                arguments: [
                    user.id, user.role, user.basin?.rawValue, user.school?.rawValue, user.company?.rawValue, now,
                ]
            )
            return try Self.requireUser(db, user.id)
        }
    }

    public func user(_ id: String) async throws -> User? {
        try await self.read { db in try Self.fetchUser(db, id) }
    }

    /// Assigns an animator to a basin (its tokens name the basin: issue a new one).
    ///
    /// - Throws: ``StoreError/notFound(_:)``; ``StoreError/failedPrecondition(_:)`` when the user is no animator.
    public func assignAnimator(_ id: String, to basin: BasinID) async throws -> User {
        try await self.write { db in
            let user = try Self.requireUser(db, id)
            guard user.role == "animator" else {
                throw StoreError.failedPrecondition("user \(id) is a \(user.role), not an animator")
            }
            _ = try Self.requireBasin(db, basin)
            try db.execute(sql: "UPDATE user SET basinId = ? WHERE id = ?", arguments: [basin.rawValue, id])
            return try Self.requireUser(db, id)
        }
    }

    /// Deactivates a user: its tokens are refused from then on.
    public func deactivateUser(_ id: String) async throws -> User {
        try await self.write { db in
            _ = try Self.requireUser(db, id)
            try db.execute(sql: "UPDATE user SET active = 0 WHERE id = ?", arguments: [id])
            return try Self.requireUser(db, id)
        }
    }

    /// The ids of the deactivated users.
    public func inactiveUserIDs() async throws -> Set<String> {
        try await self.read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM user WHERE active = 0")) }
    }

    static func requireUser(_ db: Database, _ id: String) throws -> User {
        guard let user = try fetchUser(db, id) else { throw StoreError.notFound("user \(id)") }
        return user
    }

    static func fetchUser(_ db: Database, _ id: String) throws -> User? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ?", arguments: [id]) else {
            return nil
        }
        return User(
            id: row["id"],
            role: row["role"],
            basin: (row["basinId"] as String?).flatMap(BasinID.init),
            school: (row["schoolUai"] as String?).flatMap(UAI.init),
            company: (row["companySiret"] as String?).flatMap(SIRET.init),
            active: row["active"]
        )
    }
}
