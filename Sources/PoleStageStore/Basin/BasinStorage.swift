/// A check run inside a write transaction on the offer as stored, before it changes (ownership, for one): what it
/// throws aborts the write.
public typealias OfferCheck = @Sendable (Offer) throws -> Void

/// A check run inside a write transaction on a reservation and its offer as stored.
public typealias ReservationCheck = @Sendable (Reservation, Offer) throws -> Void

/// A check run inside a write transaction on a contact as stored (its company, for one).
public typealias ContactCheck = @Sendable (Contact) throws -> Void

/// A basin's offers and their seats: what every backend of a basin store provides.
///
/// ``BasinStore`` keeps them in the basin's SQLite file; the PostgreSQL backend in the basin's schema. Both pass the
/// same conformance tests: the same answers, the same refusals with the same messages, the same change log.
public protocol OfferStorage: Sendable {
    var basin: BasinID { get }

    /// Creates an offer, or, when the company already has one with the same external reference, updates that one.
    ///
    /// - Returns: The offer, and whether it was created.
    /// - Throws: ``StoreError/failedPrecondition(_:)`` when the matching offer was withdrawn or would lose taken seats.
    func createOffer(
        owner: OfferOwner,
        tradeLabel: String,
        details: OfferDetails,
        externalRef: String?,
        publish: Bool
    ) async throws -> (offer: Offer, created: Bool)

    /// Replaces an offer's details.
    ///
    /// - Parameters:
    ///   - expectedVersion: When set, the update applies only to this version
    ///     (``StoreError/staleVersion(expected:actual:)``).
    ///   - check: Runs on the stored offer first; what it throws aborts the update.
    func updateOffer(
        _ id: Int64,
        details: OfferDetails,
        tradeLabel: String,
        expectedVersion: Int64?,
        check: @escaping OfferCheck
    ) async throws -> Offer

    /// Publishes a draft; publishing a published offer changes nothing.
    func publishOffer(_ id: Int64, check: @escaping OfferCheck) async throws -> Offer

    /// Withdraws an offer. Its pending requests and applications are declined and their seats freed; confirmed
    /// placements stay.
    func withdrawOffer(_ id: Int64, check: @escaping OfferCheck) async throws -> Offer

    /// The offer with this id in this basin, or `nil`.
    func offer(_ id: Int64) async throws -> Offer?

    /// Creates many offers in one transaction: all or none.
    ///
    /// - Returns: The new offers' ids, in order.
    func importOffers(_ offers: [OfferImport]) async throws -> [Int64]
}

/// A basin's seat requests: a school holds a seat for a pupil until the company decides or the hold expires.
public protocol SeatStorage: Sendable {
    /// Takes a seat for a pupil. Seats never overbook, whatever the number of writers.
    ///
    /// - Throws: ``StoreError/failedPrecondition(_:)`` when the period is full, past, absent, or the offer closed, or
    ///   when the basin's priority access keeps the seat for priority pupils;
    ///   ``StoreError/alreadyExists(_:)`` when the pupil already holds a live reservation that week;
    ///   ``StoreError/notFound(_:)`` when the offer does not exist or is reserved to another school.
    func requestSeat(
        offer id: Int64,
        week: ISOWeek,
        school: UAI,
        facts: SchoolPriorityFacts,
        pupil: PupilRef,
        level: Level
    ) async throws -> Reservation

    /// Applies a company's or a school's decision to a request.
    func decide(_ id: Int64, _ decision: ReservationDecision, check: @escaping ReservationCheck) async throws
        -> Reservation

    func reservation(_ id: Int64) async throws -> Reservation?

    /// A school's requests, newest first.
    func reservations(school: UAI, liveOnly: Bool) async throws -> [Reservation]

    /// An offer's requests, newest first.
    func reservations(offer: Int64, liveOnly: Bool) async throws -> [Reservation]

    /// Expires every pending request past its delay and frees its seat.
    ///
    /// - Returns: How many expired.
    @discardableResult
    func expireDueReservations() async throws -> Int
}

/// A basin's change log: every change to offers and seats, written in the transaction that makes it, at a position
/// every reader agrees on.
public protocol ChangeLogStorage: Sendable {
    var basin: BasinID { get }

    /// The ISO week of the store's clock.
    var currentWeek: ISOWeek { get }

    /// The store's clock in Unix milliseconds, the unit of ``OfferChange/at``.
    var nowMilliseconds: Int64 { get }

    /// The log's epoch, the oldest position it can resume from, and its head.
    func changeLogBounds() async throws -> ChangeLogBounds

    /// Up to `limit` changes after `offset`, in order, with the log's bounds read in the same transaction.
    func changes(after offset: Int64, limit: Int) async throws -> (bounds: ChangeLogBounds, changes: [OfferChange])

    /// The offers a subscriber with this filter starts from, and the log position they stand at, read together.
    /// Withdrawn offers are left out.
    func snapshot(_ filter: OfferFilter) async throws -> (position: ChangePosition, offers: [Offer])

    /// Drops the entries past the configured retention.
    ///
    /// - Returns: How many entries went.
    @discardableResult
    func pruneChangeLog() async throws -> Int

    /// Empties the log and starts a new epoch: every subscriber's position becomes unusable. Offsets keep growing.
    @discardableResult
    func resetChangeLog() async throws -> ChangePosition
}

/// Where the live feed finds each basin's change log, and hears that a basin's store committed a write.
///
/// On SQLite, the ``BasinStoreRegistry`` of the node's data folder; on PostgreSQL, the basins of the shared database,
/// whose commits on every node reach every node.
public protocol ChangeLogSource: Sendable {
    /// The change log of `basin`; the basin need not be open.
    func changeLog(of basin: BasinID) -> any ChangeLogStorage

    /// Calls `observer` with the basin after each write committed to a basin's store that the source learns of. A call
    /// may stand for several commits: an observer reads everything new each time.
    func observeCommits(_ observer: @escaping @Sendable (BasinID) -> Void)
}

/// A basin's contacts per trade: the companies' interlocutors.
public protocol ContactStorage: Sendable {
    func addContact(_ details: ContactDetails, companyName: String) async throws -> Contact

    /// Replaces a contact's details; `check` runs on the stored contact first.
    func updateContact(_ id: Int64, _ details: ContactDetails, companyName: String, check: @escaping ContactCheck)
        async throws -> Contact

    /// Removes a contact and returns what it was; `check` runs on the stored contact first.
    func removeContact(_ id: Int64, check: @escaping ContactCheck) async throws -> Contact

    /// The basin's contacts, by trade then name; one trade's only when given.
    func contacts(trade: TradeCode?) async throws -> [Contact]
}

/// A basin's concerted calendar: each school's internship periods, and the load they put on the offers' seats.
public protocol CalendarStorage: Sendable {
    /// Replaces a school's periods.
    func setSchoolPeriods(_ periods: [SchoolPeriod], school: UAI) async throws -> [SchoolPeriod]

    func schoolPeriods(_ school: UAI) async throws -> [SchoolPeriod]

    /// Every school's periods that meet the week range.
    func calendar(from: ISOWeek, to: ISOWeek) async throws -> [UAI: [SchoolPeriod]]

    /// Pupils out against seats of published offers, per week of the range and trade.
    func load(from: ISOWeek, to: ISOWeek) async throws -> [WeekLoad]
}

/// What the coordination does to a basin's store: archiving it, counting its offers, merging companies.
public protocol BasinAdminStorage: Sendable {
    /// Marks the store read-only: every later write fails with ``StoreError/failedPrecondition(_:)``.
    func markArchived() async throws

    /// Whether the store is marked read-only.
    func isArchived() async throws -> Bool

    /// How many offers the basin holds, withdrawn ones excluded.
    func offerCount() async throws -> Int

    /// Moves a company's offers and contacts to another SIRET (a directory merge), archived basin or not. Each moved
    /// offer gets a new version and an `offer.updated` change; an external reference that the kept company already
    /// uses is dropped from the moved offer.
    ///
    /// - Returns: How many offers and contacts moved.
    func moveCompany(from duplicate: SIRET, to kept: SIRET, name: String) async throws -> (offers: Int, contacts: Int)
}

/// A basin's offers as readers search them.
public protocol OfferSearchStorage: Sendable {
    /// Searches the basin's offers: nearest first (ties by id) when the query has a point, else most recently changed
    /// first.
    func searchOffers(_ query: OfferQuery) async throws -> OfferPage
}

/// A basin's figures, read in one transaction.
public protocol StatisticsStorage: Sendable {
    /// Seats by trade, level and week, reservations and declared pupils per school, and the current school year's
    /// placements counted in pupils.
    func statistics() async throws -> BasinStatistics
}

extension BasinStore: OfferStorage, SeatStorage, ChangeLogStorage, ContactStorage, CalendarStorage, BasinAdminStorage,
    StatisticsStorage, OfferSearchStorage
{
    public typealias OfferCheck = PoleStageStore.OfferCheck
    public typealias ReservationCheck = PoleStageStore.ReservationCheck
    public typealias ContactCheck = PoleStageStore.ContactCheck
}
