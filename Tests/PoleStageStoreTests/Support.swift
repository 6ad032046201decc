import Foundation
import GRDB
import Synchronization
import Testing

@testable import PoleStageStore

/// A clock that moves only when the test says so.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = TestClock.defaultStart) {
        self.current = Mutex(start)
    }

    /// Wednesday 4 March 2026, 10:00 in Paris: ISO week 2026-W10.
    static let defaultStart = parisDate(2026, 3, 4, hour: 10)

    var now: Date { self.current.withLock { $0 } }

    var milliseconds: Int64 { Int64((self.now.timeIntervalSince1970 * 1000).rounded()) }

    func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let interval = TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
        self.current.withLock { $0 = $0.addingTimeInterval(interval) }
    }

    /// The ISO week `weeks` weeks away from now (negative: in the past).
    func week(_ weeks: Int) -> ISOWeek {
        ISOWeek(containing: self.now.addingTimeInterval(TimeInterval(weeks) * 7 * 86_400))
    }
}

/// A wall-clock time in Paris.
func parisDate(_ year: Int, _ month: Int, _ day: Int, hour: Int = 12, minute: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
}

/// Runs `body` with a new, unique folder under the temporary directory, removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("polestage-store-tests", isDirectory: true)
        .appendingPathComponent(UUID().uuidString, isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

/// A SIRET from thirteen digits and their Luhn check digit.
func siret(_ thirteenDigits: String) -> SIRET {
    SIRET(thirteenDigits + String(SIRET.checkDigit(for: thirteenDigits)!))!
}

/// A UAI from seven characters and their check letter.
func uai(_ body: String) -> UAI {
    UAI(body + String(UAI.checkLetter(for: body)!))!
}

/// Values shared by the store tests.
enum Sample {
    static let basin = BasinID("test-basin")!
    static let school = uai("0710001")
    static let otherSchool = uai("0710002")
    /// A REP school's: with the basin's default rules, its pupils are priority pupils, who may apply to an offer at
    /// once. The priority tests use others.
    static let schoolFacts = SchoolPriorityFacts(rep: true, repPlus: false, rural: false)
    static let company = OfferOwner(siret: siret("7321234500001"), name: "Boulangerie Lefèvre")
    static let otherCompany = OfferOwner(siret: siret("4420123456789"), name: "Garage Bérard")
    static let chalon = GeoPoint(latitude: 46.7806, longitude: 4.8528)!

    static func pupil(_ number: Int) -> PupilRef {
        PupilRef("P" + String(repeating: "0", count: max(0, 4 - String(number).count)) + String(number))!
    }

    static func details(
        seats: [ISOWeek: Int],
        levels: Set<Level> = [.observation3e, .cap],
        reservedFor school: UAI? = nil,
        title: String = "Boulanger-pâtissier"
    ) -> OfferDetails {
        OfferDetails(
            trade: TradeCode("D1102")!,
            title: title,
            description: "Découverte du fournil : pétrissage, façonnage, cuisson des pains et viennoiseries.",
            levels: levels,
            seats: seats,
            address: PostalAddress(street: "12 rue de l'Église", postalCode: "71100", commune: "Chalon-sur-Saône"),
            location: chalon,
            accessible: true,
            transitAccess: "Bus ligne 3, arrêt Hôtel de Ville",
            reservedForSchool: school
        )
    }
}

/// A basin's offers, seats and change log, on either backend: what the conformance tests run against.
typealias ConformingStorage = ApplicationStorage & BasinAdminStorage & BoardingStorage & CalendarStorage
    & ChangeLogStorage & ContactStorage & InboxStorage & OfferStorage & PupilStorage & SeatStorage & StatisticsStorage
    & WebhookStorage

/// A basin's storage on one backend and its clock, with the helpers the store tests share.
protocol StorageTestFixture: Sendable {
    var clock: TestClock { get }
    var storage: any ConformingStorage { get }
}

/// A SQLite basin store and its clock.
protocol BasinTestFixture: StorageTestFixture {
    var store: BasinStore { get }
}

extension BasinTestFixture {
    var storage: any ConformingStorage { self.store }
}

extension StorageTestFixture {
    /// A published offer of ``Sample/company``.
    func publishedOffer(
        seats: [ISOWeek: Int],
        levels: Set<Level> = [.observation3e, .cap],
        reservedFor school: UAI? = nil
    ) async throws -> Offer {
        try await self.storage.createOffer(
            owner: Sample.company,
            tradeLabel: "Boulangerie - viennoiserie",
            details: Sample.details(seats: seats, levels: levels, reservedFor: school),
            externalRef: nil,
            publish: true
        ).offer
    }

    func request(
        _ offer: Int64,
        week: ISOWeek,
        pupil: Int,
        school: UAI = Sample.school,
        level: Level = .cap
    ) async throws -> Reservation {
        try await self.storage.requestSeat(
            offer: offer,
            week: week,
            school: school,
            facts: Sample.schoolFacts,
            pupil: Sample.pupil(pupil),
            level: level
        )
    }

    /// Seats taken in one week of an offer, as stored.
    func taken(_ offer: Int64, week: ISOWeek) async throws -> Int? {
        try await self.storage.offer(offer)?.periods.first { $0.week == week }?.taken
    }
}

/// A basin store on an in-memory database of its own, with its clock.
struct BasinFixture: BasinTestFixture {
    let clock: TestClock
    let store: BasinStore
    /// The store's database, for what a test writes or reads around the store.
    let database: DatabaseQueue
}

/// A basin store on a SQLite file, with its clock and the registry that opens and closes it.
struct BasinFileFixture: BasinTestFixture {
    let directory: URL
    let clock: TestClock
    let registry: BasinStoreRegistry
    let store: BasinStore
}

/// A store configuration whose clock is `clock`; in-memory stores do not read its folder.
func testConfiguration(
    directory: URL = FileManager.default.temporaryDirectory,
    clock: TestClock,
    idleTimeout: Duration = .seconds(300),
    reservationHold: Duration = .seconds(7 * 24 * 3600),
    changeLogRetention: ChangeLogRetention = .init()
) -> StoreConfiguration {
    StoreConfiguration(
        directory: directory,
        idleTimeout: idleTimeout,
        reservationHold: reservationHold,
        changeLogRetention: changeLogRetention,
        now: { clock.now }
    )
}

/// Runs `body` with the basin ``Sample/basin``'s store on an in-memory database.
func withBasinStore<T>(
    reservationHold: Duration = .seconds(7 * 24 * 3600),
    changeLogRetention: ChangeLogRetention = .init(),
    _ body: (BasinFixture) async throws -> T
) async throws -> T {
    let clock = TestClock()
    let database = try DatabaseQueue()
    let configuration = testConfiguration(
        clock: clock,
        reservationHold: reservationHold,
        changeLogRetention: changeLogRetention
    )
    let store = try BasinStore(basin: Sample.basin, writer: database, configuration: configuration)
    return try await body(BasinFixture(clock: clock, store: store, database: database))
}

/// Runs `body` with a registry in a temporary folder and the basin ``Sample/basin`` created in it: for what files,
/// idle closes and concurrent connections show.
func withBasinFile<T>(
    idleTimeout: Duration = .seconds(300),
    reservationHold: Duration = .seconds(7 * 24 * 3600),
    changeLogRetention: ChangeLogRetention = .init(),
    _ body: (BasinFileFixture) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory { directory in
        let clock = TestClock()
        let configuration = testConfiguration(
            directory: directory,
            clock: clock,
            idleTimeout: idleTimeout,
            reservationHold: reservationHold,
            changeLogRetention: changeLogRetention
        )
        let registry = try BasinStoreRegistry(configuration: configuration)
        defer { registry.closeAll() }
        let store = try await registry.create(Sample.basin)
        return try await body(BasinFileFixture(directory: directory, clock: clock, registry: registry, store: store))
    }
}

/// An academy store on an in-memory database, with its clock and that database.
func withAcademyStore<T>(_ body: (AcademyStore, DatabaseQueue, TestClock) async throws -> T) async throws -> T {
    let clock = TestClock()
    let database = try DatabaseQueue()
    let store = try AcademyStore(writer: database, configuration: testConfiguration(clock: clock))
    return try await body(store, database, clock)
}

/// Checks that let everything through.
let allowOffer: BasinStore.OfferCheck = { _ in }
let allowReservation: BasinStore.ReservationCheck = { _, _ in }

/// What a refusing check throws.
struct Refused: Error, Equatable {}

extension StoreError {
    /// The reason of a ``StoreError/failedPrecondition(_:)``; `nil` for the other cases.
    var failedPreconditionReason: String? {
        if case .failedPrecondition(let reason) = self { reason } else { nil }
    }

    var isNotFound: Bool {
        if case .notFound = self { true } else { false }
    }

    var isAlreadyExists: Bool {
        if case .alreadyExists = self { true } else { false }
    }
}

/// One row of a basin's change log.
struct ChangeLogEntry: Equatable, CustomStringConvertible {
    var kind: String
    var offer: Int64
    var week: Int?

    init(_ kind: ChangeKind, offer: Int64, week: ISOWeek? = nil) {
        self.kind = kind.rawValue
        self.offer = offer
        self.week = week.map { $0.year * 100 + $0.week }
    }

    init(_ change: OfferChange) {
        self.kind = change.kind.rawValue
        self.offer = change.offer.id
        self.week = change.week.map { $0.year * 100 + $0.week }
    }

    var description: String { "\(self.kind) \(self.offer) \(self.week.map(String.init) ?? "-")" }
}
