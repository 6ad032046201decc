package import Foundation
package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore: PupilStorage {
    package var schoolYear: SchoolYear { SchoolYear(containing: self.configuration.now()) }

    package func savePupil(_ details: PupilDetails, school: UAI) async throws -> Pupil {
        let year = self.schoolYear
        return try await self.write { t in
            let id = try await t.upsertPupil(details, school: school, year: year).id
            return try await t.requirePupil(id)
        }
    }

    package func importPupils(_ pupils: [PupilDetails], school: UAI) async throws -> ImportOutcome {
        guard !pupils.isEmpty else { return ImportOutcome(created: 0, updated: 0, committed: false) }
        let year = self.schoolYear
        return try await self.write { t in
            var created = 0
            for details in pupils where try await t.upsertPupil(details, school: school, year: year).created {
                created += 1
            }
            return ImportOutcome(created: created, updated: pupils.count - created, committed: true)
        }
    }

    package func pupil(_ id: Int64) async throws -> Pupil? {
        try await self.read { r in try await r.fetchPupil(id) }
    }

    package func roster(school: UAI, year: SchoolYear) async throws -> [RosterEntry] {
        let now = self.nowMilliseconds
        return try await self.read { r in
            let pupils = try await r.rows(
                """
                SELECT \(unescaped: BasinReader.pupilColumns) FROM \(unescaped: r.tables.pupil)
                WHERE school_uai = \(school.rawValue) AND school_year = \(year.startYear) ORDER BY class_name COLLATE "C", ref COLLATE "C"
                """
            ).map(BasinReader.pupil(from:))
            let live = try await r.applications(.liveOfSchool(school, year), now: now)
            return RosterEntry.roster(pupils: pupils, live: live)
        }
    }

    package func deletePupil(_ id: Int64, check: @escaping PupilCheck) async throws -> Int {
        let now = self.nowMilliseconds
        return try await self.write { t in
            try check(try await t.requirePupil(id))
            return try await t.deletePupils(.one(id), now: now)
        }
    }

    @discardableResult
    package func purgePupils(retention: Duration?) async throws -> Int {
        let retention = retention ?? self.configuration.pupilRetention
        let last = SchoolYear.lastPast(retention: retention, at: self.configuration.now()).startYear
        let now = self.nowMilliseconds
        return try await self.write(allowArchived: true) { t in
            let count =
                try await t.rows(
                    "SELECT count(*) FROM \(unescaped: t.tables.pupil) WHERE school_year <= \(last)"
                ).first?.decode(Int.self) ?? 0
            try await t.deletePupils(.yearsThrough(last), now: now)
            return count
        }
    }

    package func issueSignInCode(pupil id: Int64, lifetime: Duration, check: @escaping PupilCheck) async throws -> (
        code: String, expiresAt: Int64
    ) {
        let year = self.schoolYear
        let now = self.nowMilliseconds
        let expiresAt = now + lifetime.milliseconds
        let code = SignInCode.new()
        try await self.write { t in
            let pupil = try await t.requirePupil(id)
            try check(pupil)
            try pupil.checkCurrent(year)
            try await t.execute("DELETE FROM \(unescaped: t.tables.signInCode) WHERE expires_at <= \(now)")
            try await t.execute(
                """
                INSERT INTO \(unescaped: t.tables.signInCode) (code_hash, pupil_id, expires_at)
                VALUES (\(SignInCode.hash(code)), \(id), \(expiresAt))
                """
            )
        }
        return (code, expiresAt)
    }

    package func redeemSignInCode(_ code: String) async throws -> Pupil {
        let now = self.nowMilliseconds
        let year = self.schoolYear
        let hash = SignInCode.hash(SignInCode.normalized(code))
        return try await self.write { t in
            // Deleted and read in one statement: of two nodes redeeming the same code, one gets the row.
            let row = try await t.rows(
                """
                DELETE FROM \(unescaped: t.tables.signInCode) WHERE code_hash = \(hash) RETURNING pupil_id, expires_at
                """
            ).first
            guard let (pupilID, expiresAt) = try row?.decode((Int64, Int64).self), expiresAt > now,
                let pupil = try await t.fetchPupil(pupilID), pupil.schoolYear == year
            else { throw SignInCode.refused }
            return pupil
        }
    }
}

/// Whose pupils to delete.
enum PupilSelection {
    case one(Int64)
    /// The pupils of every school year up to this one.
    case yearsThrough(Int)
}

extension BasinTransaction {
    /// Inserts or replaces by (school, year, reference); says whether the pupil is new.
    func upsertPupil(_ details: PupilDetails, school: UAI, year: SchoolYear) async throws -> (id: Int64, created: Bool)
    {
        let rows = try await self.rows(
            """
            INSERT INTO \(unescaped: self.tables.pupil) (school_uai, school_year, ref, class_name, level,
              needs_accessible, needs, max_km, transit_only, qpv, gender)
            VALUES (\(school.rawValue), \(year.startYear), \(details.ref.rawValue), \(details.className),
              \(details.level.rawValue), \(details.needsAccessible), \(AccessFeature.mask(of: details.needs)),
              \(details.mobility.maxKm), \(details.mobility.publicTransportOnly), \(details.qpv),
              \(details.gender?.rawValue))
            ON CONFLICT (school_uai, school_year, ref) DO UPDATE SET class_name = excluded.class_name,
              level = excluded.level, needs_accessible = excluded.needs_accessible, needs = excluded.needs,
              max_km = excluded.max_km, transit_only = excluded.transit_only, qpv = excluded.qpv,
              gender = excluded.gender
            RETURNING id, xmax = 0
            """
        )
        guard let (id, created) = try rows.first?.decode((Int64, Bool).self) else {
            throw StoreError.corrupt("a pupil got no id")
        }
        return (id, created)
    }

    /// Frees the seats of the selected pupils' live applications, then deletes the pupils (their applications and
    /// codes go by cascade) and their inbox.
    ///
    /// - Returns: How many applications went with them.
    @discardableResult
    func deletePupils(_ selection: PupilSelection, now: Int64) async throws -> Int {
        try await self.expireDueApplications(now: now)
        let t = self.tables
        let live: [Application]
        let pupils: PostgresQuery
        switch selection {
        case .one(let id):
            live = try await self.applications(.liveOfPupil(id), now: now)
            pupils = "SELECT id FROM \(unescaped: t.pupil) WHERE id = \(id)"
        case .yearsThrough(let year):
            live = try await self.applications(.liveOfYearsThrough(year), now: now)
            pupils = "SELECT id FROM \(unescaped: t.pupil) WHERE school_year <= \(year)"
        }
        for application in live where application.state.isLive {
            try await self.freeSeats(of: application, now: now)
        }
        let ids = try await self.rows(pupils).map { try $0.decode(Int64.self) }
        let applications =
            try await self.rows(
                "SELECT count(*) FROM \(unescaped: t.application) WHERE pupil_id = ANY(\(ids))"
            ).first?.decode(Int.self) ?? 0
        try await self.execute(
            "DELETE FROM \(unescaped: t.inboxMessage) WHERE recipient = ANY(\(ids.map { InboxRecipient.pupil($0).key }))"
        )
        try await self.execute("DELETE FROM \(unescaped: t.pupil) WHERE id = ANY(\(ids))")
        return applications
    }
}
