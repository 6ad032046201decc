import Crypto
import Foundation
import GRDB

extension BasinStore {
    /// The school year of the store's clock: the one rosters and applications are written in.
    public var schoolYear: SchoolYear { SchoolYear(containing: self.configuration.now()) }

    /// Adds a pupil to the school's roster for the current school year, or replaces the details of the pupil with the
    /// same reference.
    public func savePupil(_ details: PupilDetails, school: UAI) async throws -> Pupil {
        let year = self.schoolYear
        return try await self.write { db in
            let id = try Self.upsertPupil(db, details, school: school, year: year).id
            return try Self.requirePupil(db, id: id)
        }
    }

    /// Saves a class's pupils in one transaction, as ``savePupil(_:school:)`` does one.
    public func importPupils(_ pupils: [PupilDetails], school: UAI) async throws -> ImportOutcome {
        guard !pupils.isEmpty else { return ImportOutcome(created: 0, updated: 0, committed: false) }
        let year = self.schoolYear
        return try await self.write { db in
            var created = 0
            for details in pupils where try Self.upsertPupil(db, details, school: school, year: year).created {
                created += 1
            }
            return ImportOutcome(created: created, updated: pupils.count - created, committed: true)
        }
    }

    public func pupil(_ id: Int64) async throws -> Pupil? {
        try await self.read { db in try Self.fetchPupil(db, id: id) }
    }

    /// A school's roster for a school year, each pupil with its placement state, by class then reference.
    public func roster(school: UAI, year: SchoolYear) async throws -> [RosterEntry] {
        let now = self.configuration.nowMilliseconds()
        return try await self.read { db in
            let pupils = try PupilRecord.fetchAll(
                db,
                sql: "SELECT * FROM pupil WHERE schoolUai = ? AND schoolYear = ? ORDER BY className, ref",
                arguments: [school.rawValue, year.startYear]
            ).map(\.pupil)
            let live = try Self.fetchApplications(
                db,
                "a.schoolUai = \(school.rawValue) AND a.schoolYear = \(year.startYear) AND a.state IN ('pending', 'accepted')",
                now: now
            )
            return RosterEntry.roster(pupils: pupils, live: live)
        }
    }

    /// Deletes a pupil with its applications and sign-in codes, freeing the seats its live applications held.
    ///
    /// - Returns: How many applications went with it.
    public func deletePupil(_ id: Int64, check: @escaping PupilCheck) async throws -> Int {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            try check(try Self.requirePupil(db, id: id))
            return try Self.deletePupils(db, where: "id = \(id)", now: now)
        }
    }

    /// Deletes the pupils of every school year that ended more than `retention` ago (by default the configured
    /// ``StoreConfiguration/pupilRetention``), with their applications, codes and inbox. Maintenance: it does not keep
    /// an idle store open.
    ///
    /// - Returns: How many pupils went.
    @discardableResult
    public func purgePupils(retention: Duration? = nil) async throws -> Int {
        let retention = retention ?? self.configuration.pupilRetention
        let now = self.configuration.now()
        let last = SchoolYear.lastPast(retention: retention, at: now).startYear
        let nowMilliseconds = self.configuration.nowMilliseconds()
        return try await self.write(touch: false) { db in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pupil WHERE schoolYear <= ?", arguments: [last])
            try Self.deletePupils(db, where: "schoolYear <= \(last)", now: nowMilliseconds)
            return count ?? 0
        }
    }

    /// A new one-time sign-in code for a pupil of the current school year: ten letters and digits, only its hash kept.
    public func issueSignInCode(pupil id: Int64, lifetime: Duration, check: @escaping PupilCheck) async throws -> (
        code: String, expiresAt: Int64
    ) {
        let year = self.schoolYear
        let now = self.configuration.nowMilliseconds()
        let expiresAt = now + lifetime.milliseconds
        let code = SignInCode.new()
        try await self.write { db in
            let pupil = try Self.requirePupil(db, id: id)
            try check(pupil)
            try pupil.checkCurrent(year)
            try db.execute(sql: "DELETE FROM signInCode WHERE expiresAt <= ?", arguments: [now])
            try db.execute(
                sql: "INSERT INTO signInCode (codeHash, pupilId, expiresAt) VALUES (?, ?, ?)",
                arguments: [SignInCode.hash(code), id, expiresAt]
            )
        }
        return (code, expiresAt)
    }

    /// Exchanges a sign-in code, once, for the pupil it was issued to.
    ///
    /// - Throws: ``StoreError/notFound(_:)`` for a code that is unknown, used or expired: the three read alike, so
    ///   that a guess learns nothing.
    public func redeemSignInCode(_ code: String) async throws -> Pupil {
        let now = self.configuration.nowMilliseconds()
        let year = self.schoolYear
        let normalized = SignInCode.normalized(code)
        return try await self.write { db in
            let hash = SignInCode.hash(normalized)
            let row = try Row.fetchOne(
                db,
                sql: "SELECT pupilId, expiresAt FROM signInCode WHERE codeHash = ?",
                arguments: [hash]
            )
            try db.execute(sql: "DELETE FROM signInCode WHERE codeHash = ?", arguments: [hash])
            guard let row, (row["expiresAt"] as Int64) > now, let pupil = try Self.fetchPupil(db, id: row["pupilId"]),
                pupil.schoolYear == year
            else { throw SignInCode.refused }
            return pupil
        }
    }
}

extension BasinStore {
    /// Inserts or replaces by (school, year, reference); says whether the pupil is new.
    static func upsertPupil(_ db: Database, _ details: PupilDetails, school: UAI, year: SchoolYear) throws -> (
        id: Int64, created: Bool
    ) {
        let existing = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM pupil WHERE schoolUai = ? AND schoolYear = ? AND ref = ?"),
            arguments: [school.rawValue, year.startYear, details.ref.rawValue]
        )
        let values: StatementArguments = [
            details.className, details.level.rawValue, details.needsAccessible, details.mobility.maxKm,
            details.mobility.publicTransportOnly, details.qpv, details.gender?.rawValue,
            AccessFeature.mask(of: details.needs),
        ]
        if let existing {
            try db.cachedStatement(
                sql: """
                    UPDATE pupil SET className = ?, level = ?, needsAccessible = ?, maxKm = ?, transitOnly = ?, qpv = ?,
                      gender = ?, needs = ?
                    WHERE id = ?
                    """
            ).execute(arguments: values + [existing])
            return (existing, false)
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO pupil (className, level, needsAccessible, maxKm, transitOnly, qpv, gender, needs, schoolUai,
                  schoolYear, ref)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: values + [school.rawValue, year.startYear, details.ref.rawValue])
        return (db.lastInsertedRowID, true)
    }

    static func fetchPupil(_ db: Database, id: Int64) throws -> Pupil? {
        try PupilRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM pupil WHERE id = ?"), arguments: [id])?.pupil
    }

    static func requirePupil(_ db: Database, id: Int64) throws -> Pupil {
        guard let pupil = try fetchPupil(db, id: id) else { throw StoreError.notFound("élève \(id)") }
        return pupil
    }

    /// Frees the seats of the matching pupils' live applications, then deletes the pupils (their applications and
    /// codes go by cascade).
    @discardableResult
    static func deletePupils(_ db: Database, where condition: SQL, now: Int64) throws -> Int {
        try expireDueApplications(db, now: now)
        let pupils: SQL = "SELECT id FROM pupil WHERE \(condition)"
        let live = try fetchApplications(
            db,
            "a.state IN ('pending', 'accepted') AND a.pupilId IN (\(pupils))",
            now: now
        )
        for application in live where application.state.isLive {
            try freeSeats(db, of: application, now: now)
        }
        let applications = try Int.fetchOne(
            db,
            SQLRequest<Int>(literal: "SELECT COUNT(*) FROM application WHERE pupilId IN (\(pupils))")
        )
        try db.execute(
            literal: "DELETE FROM inboxMessage WHERE recipient IN (SELECT 'pupil:' || id FROM pupil WHERE \(condition))"
        )
        try db.execute(literal: "DELETE FROM pupil WHERE \(condition)")
        return applications ?? 0
    }
}
