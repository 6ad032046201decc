import Foundation
import PoleStageStore
import PostgresNIO

/// Whose applications to read.
enum ApplicationSelection {
    case id(Int64)
    case offer(Int64)
    case pendingOfOffer(Int64)
    case pupil(Int64)
    case liveOfPupil(Int64)
    /// The pupil's pending applications, but `except`, for weeks overlapping `from...to`.
    case pendingOverlapping(pupil: Int64, except: Int64, from: ISOWeek, to: ISOWeek)
    case school(UAI, SchoolYear)
    case liveOfSchool(UAI, SchoolYear)
    case company(SIRET)
    /// Pending, and due at `now`.
    case due(Int64)
    /// Live, of the pupils of school years up to this one.
    case liveOfYearsThrough(Int)
}

extension BasinQueries {
    /// The applications `selection` names, newest first, as read at `now`: a pending application past its delay reads
    /// as expired even before the next write records it.
    func applications(_ selection: ApplicationSelection, now: Int64) async throws -> [Application] {
        let t = self.tables
        let prefix = """
            SELECT a.id, a.offer_id, o.title, o.company_name, a.pupil_id, p.ref, a.school_uai, a.school_year, a.level,
              a.from_week, a.to_week, a.motivation, p.needs_accessible, p.max_km, p.transit_only, a.made_by, a.priority,
              a.boarding_house_id, a.state, a.decline_reason, a.decline_note, a.created_at, a.expires_at, a.decided_at
            FROM \(t.application) a JOIN \(t.pupil) p ON p.id = a.pupil_id JOIN \(t.offer) o ON o.id = a.offer_id
            WHERE
            """
        let live = "a.state IN ('pending', 'accepted')"
        let query: PostgresQuery
        switch selection {
        case .id(let id): query = "\(unescaped: prefix) a.id = \(id)"
        case .offer(let offer): query = "\(unescaped: prefix) a.offer_id = \(offer) ORDER BY a.id DESC"
        case .pendingOfOffer(let offer):
            query = "\(unescaped: prefix) a.offer_id = \(offer) AND a.state = 'pending' ORDER BY a.id DESC"
        case .pupil(let pupil): query = "\(unescaped: prefix) a.pupil_id = \(pupil) ORDER BY a.id DESC"
        case .liveOfPupil(let pupil):
            query = "\(unescaped: prefix) a.pupil_id = \(pupil) AND \(unescaped: live) ORDER BY a.id DESC"
        case .pendingOverlapping(let pupil, let except, let from, let to):
            query = """
                \(unescaped: prefix) a.pupil_id = \(pupil) AND a.state = 'pending' AND a.id != \(except)
                  AND a.from_week <= \(to.storage) AND a.to_week >= \(from.storage)
                ORDER BY a.id DESC
                """
        case .school(let school, let year):
            query = """
                \(unescaped: prefix) a.school_uai = \(school.rawValue) AND a.school_year = \(year.startYear)
                ORDER BY a.id DESC
                """
        case .liveOfSchool(let school, let year):
            query = """
                \(unescaped: prefix) a.school_uai = \(school.rawValue) AND a.school_year = \(year.startYear)
                  AND \(unescaped: live)
                ORDER BY a.id DESC
                """
        case .company(let company):
            query = "\(unescaped: prefix) o.company_siret = \(company.rawValue) ORDER BY a.id DESC"
        case .due(let at):
            query = "\(unescaped: prefix) a.state = 'pending' AND a.expires_at <= \(at) ORDER BY a.id DESC"
        case .liveOfYearsThrough(let year):
            query = "\(unescaped: prefix) p.school_year <= \(year) AND \(unescaped: live) ORDER BY a.id DESC"
        }
        return try await self.rows(query).map { row in
            var application = try Self.application(from: row.makeRandomAccess())
            if application.state == .pending, application.expiresAt <= now { application.state = .expired }
            return application
        }
    }

    func requireApplication(_ id: Int64, now: Int64) async throws -> Application {
        guard let application = try await self.applications(.id(id), now: now).first else {
            throw StoreError.notFound("candidature \(id)")
        }
        return application
    }

    private static func application(from row: PostgresRandomAccessRow) throws -> Application {
        let id = try row[0].decode(Int64.self)
        func value<T: PostgresDecodable>(_ index: Int, _ type: T.Type = T.self) throws -> T {
            try row[index].decode(T.self)
        }
        let reason: String? = try value(19)
        guard let ref = PupilRef(try value(5)), let school = UAI(try value(6)),
            let year = SchoolYear(startYear: try value(7)), let level = Level(rawValue: try value(8)),
            let from = ISOWeek(storage: try value(9)), let to = ISOWeek(storage: try value(10)),
            let madeBy = Applicant(rawValue: try value(15)), let state = ApplicationState(rawValue: try value(18))
        else { throw StoreError.corrupt("application \(id) cannot be read") }
        return Application(
            id: id,
            offer: try value(1),
            offerTitle: try value(2),
            companyName: try value(3),
            pupil: try value(4),
            pupilRef: ref,
            school: school,
            schoolYear: year,
            level: level,
            from: from,
            to: to,
            motivation: try value(11),
            needsAccessible: try value(12),
            mobility: Mobility(maxKm: try value(13), publicTransportOnly: try value(14)),
            madeBy: madeBy,
            priority: try value(16),
            boardingHouse: try value(17),
            state: state,
            declineReason: reason.flatMap(DeclineReason.init(rawValue:)),
            declineNote: try value(20),
            createdAt: try value(21),
            expiresAt: try value(22),
            decidedAt: try value(23)
        )
    }

    static var pupilColumns: String {
        "id, school_uai, school_year, ref, class_name, level, needs_accessible, needs, max_km, transit_only, qpv, gender"
    }

    func fetchPupil(_ id: Int64) async throws -> Pupil? {
        try await self.rows(
            "SELECT \(unescaped: Self.pupilColumns) FROM \(unescaped: self.tables.pupil) WHERE id = \(id)"
        ).first.map(Self.pupil(from:))
    }

    func requirePupil(_ id: Int64) async throws -> Pupil {
        guard let pupil = try await self.fetchPupil(id) else { throw StoreError.notFound("élève \(id)") }
        return pupil
    }

    static func pupil(from row: PostgresRow) throws -> Pupil {
        let row = row.makeRandomAccess()
        let id = try row[0].decode(Int64.self)
        let gender = try row[11].decode(String?.self)
        guard let school = UAI(try row[1].decode(String.self)),
            let year = SchoolYear(startYear: try row[2].decode(Int.self)),
            let ref = PupilRef(try row[3].decode(String.self)), let level = Level(rawValue: try row[5].decode(Int.self))
        else { throw StoreError.corrupt("pupil \(id) cannot be read") }
        return Pupil(
            id: id,
            school: school,
            schoolYear: year,
            details: PupilDetails(
                ref: ref,
                className: try row[4].decode(String.self),
                level: level,
                needsAccessible: try row[6].decode(Bool.self),
                needs: Set(AccessFeature.set(fromMask: try row[7].decode(Int64.self))),
                mobility: Mobility(
                    maxKm: try row[8].decode(Int?.self),
                    publicTransportOnly: try row[9].decode(Bool.self)
                ),
                qpv: try row[10].decode(Bool.self),
                gender: gender.flatMap(Gender.init(rawValue:))
            )
        )
    }

    static var messageColumns: String { "id, kind, at, read_at, application_id, offer_id, text" }

    static func message(from row: PostgresRow) throws -> InboxMessage {
        let (id, kind, at, readAt, application, offer, text) = try row.decode(
            (Int64, String, Int64, Int64?, Int64?, Int64?, String).self
        )
        guard let kind = InboxKind(rawValue: kind) else {
            throw StoreError.corrupt("inbox message \(id) cannot be read")
        }
        return InboxMessage(
            id: id,
            kind: kind,
            at: at,
            read: readAt != nil,
            application: application,
            offer: offer,
            text: text
        )
    }

    func requireBoardingHouse(_ id: Int64) async throws -> BoardingHouse {
        let t = self.tables
        guard
            let row = try await self.rows(
                """
                SELECT name, commune, latitude, longitude, conditions FROM \(unescaped: t.boardingHouse)
                WHERE id = \(id)
                """
            ).first
        else { throw StoreError.notFound("internat \(id)") }
        let (name, commune, latitude, longitude, conditions) = try row.decode(
            (String, String, Double, Double, String).self
        )
        var weeks: [BoardingWeek] = []
        for week in try await self.rows(
            "SELECT week, places, taken FROM \(unescaped: t.boardingWeek) WHERE house_id = \(id) ORDER BY week"
        ) {
            let (storage, places, taken) = try week.decode((Int, Int, Int).self)
            guard let week = ISOWeek(storage: storage) else {
                throw StoreError.corrupt("boarding_week of house \(id): week \(storage) is not an ISO week")
            }
            weeks.append(BoardingWeek(week: week, places: places, taken: taken))
        }
        guard let location = GeoPoint(latitude: latitude, longitude: longitude) else {
            throw StoreError.corrupt("boarding_house \(id): its location is not valid")
        }
        return BoardingHouse(
            id: id,
            details: BoardingHouseDetails(
                name: name,
                commune: commune,
                location: location,
                conditions: conditions,
                places: Dictionary(uniqueKeysWithValues: weeks.map { ($0.week, $0.places) })
            ),
            weeks: weeks
        )
    }
}
