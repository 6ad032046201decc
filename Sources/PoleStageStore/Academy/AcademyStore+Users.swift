import GRDB

extension AcademyStore {
    /// Adds a user (the admin service's `CreateUser`).
    ///
    /// - Returns: The user as stored.
    /// - Throws: ``StoreError/alreadyExists(_:)`` when its id is taken; ``StoreError/notFound(_:)`` when its basin,
    ///   school or company is not in the directory.
    public func insertUser(_ user: User) async throws -> User {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in try Self.writeUser(db, user, existing: .refuse, now: now) }
    }

    /// Adds a user, or gives the one with the same id this role, scope and ``User/active`` state (the demo's users,
    /// saved again at every start so that the tokens it prints work).
    ///
    /// - Returns: The user as stored.
    /// - Throws: ``StoreError/notFound(_:)`` when its basin, school or company is not in the directory.
    @discardableResult
    public func saveUser(_ user: User) async throws -> User {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in try Self.writeUser(db, user, existing: .update, now: now) }
    }

    /// The user with this id, or `nil`.
    public func user(_ id: String) async throws -> User? {
        try await self.read { db in try Self.fetchUser(db, id) }
    }

    /// Assigns an animator to a basin (its tokens name the basin: issue a new one).
    ///
    /// - Throws: ``StoreError/notFound(_:)``; ``StoreError/failedPrecondition(_:)`` when the user is no animator.
    public func assignAnimator(_ id: String, to basin: BasinID) async throws -> User {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            let user = try Self.requireUser(db, id).assigned(to: basin)
            return try Self.writeUser(db, user, existing: .update, now: now)
        }
    }

    /// Deactivates a user: its tokens are refused from then on.
    public func deactivateUser(_ id: String) async throws -> User {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            var user = try Self.requireUser(db, id)
            user.active = false
            return try Self.writeUser(db, user, existing: .update, now: now)
        }
    }

    /// The ids of the deactivated users.
    public func inactiveUserIDs() async throws -> Set<String> {
        try await self.read { db in
            try UserRecord.select(Column("id"), as: String.self).filter(Column("active") == false).fetchSet(db)
        }
    }

    static func requireUser(_ db: Database, _ id: String) throws -> User {
        guard let user = try fetchUser(db, id) else { throw StoreError.unknownUser(id) }
        return user
    }

    static func fetchUser(_ db: Database, _ id: String) throws -> User? {
        try UserRecord.fetchOne(db, key: id)?.user
    }

    /// The one write of a `user` row: every public write of a user goes through here.
    ///
    /// The basin, school and company it names must exist. A new row is stamped `now`; an existing one keeps its
    /// creation time and takes everything else from `user`.
    /// - Returns: The user as stored.
    static func writeUser(_ db: Database, _ user: User, existing: ExistingRow, now: Int64) throws -> User {
        // Only the creation time of a stored row is read: saving a user repairs a row that no longer decodes.
        let createdAt = try UserRecord.select(Column("createdAt"), as: Int64.self).filter(key: user.id).fetchOne(db)
        if createdAt != nil, existing == .refuse { throw StoreError.userExists(user.id) }
        if let basin = user.basin { _ = try requireBasin(db, basin) }
        if let school = user.school, try !SchoolRecord.exists(db, key: school.rawValue) {
            throw StoreError.unknownSchool(school)
        }
        if let company = user.company, try !CompanyRecord.exists(db, key: company.rawValue) {
            throw StoreError.unknownCompany(company)
        }
        let record = UserRecord(user, createdAt: createdAt ?? now)
        if createdAt != nil { try record.update(db) } else { try record.insert(db) }
        return try requireUser(db, user.id)
    }
}
