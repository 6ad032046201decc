/// A check run inside a write transaction on the stored pupil; what it throws aborts the change.
public typealias PupilCheck = @Sendable (Pupil) throws -> Void

/// A check run inside a write transaction on the stored pupil and offer of an application being made.
public typealias ApplicationCheck = @Sendable (Pupil, Offer) throws -> Void

/// A check run inside a write transaction on a stored application and its offer.
public typealias DecisionCheck = @Sendable (Application, Offer) throws -> Void

/// A basin's pupils: each school's roster per school year, by pseudonymous reference, and their one-time sign-in
/// codes.
public protocol PupilStorage: Sendable {
    /// The school year of the store's clock: the one rosters and applications are written in.
    var schoolYear: SchoolYear { get }

    /// Adds a pupil to the school's roster for the current school year, or replaces the details of the pupil with the
    /// same reference.
    func savePupil(_ details: PupilDetails, school: UAI) async throws -> Pupil

    /// Saves a class's pupils in one transaction.
    func importPupils(_ pupils: [PupilDetails], school: UAI) async throws -> ImportOutcome

    func pupil(_ id: Int64) async throws -> Pupil?

    /// A school's roster for a school year, each pupil with its placement state, by class then reference.
    func roster(school: UAI, year: SchoolYear) async throws -> [RosterEntry]

    /// Deletes a pupil with its applications and sign-in codes, freeing the seats its live applications held.
    ///
    /// - Returns: How many applications went with it.
    func deletePupil(_ id: Int64, check: @escaping PupilCheck) async throws -> Int

    /// Deletes the pupils of every school year that ended more than `retention` ago (by default the configured
    /// ``StoreConfiguration/pupilRetention``), with their applications, codes and inbox.
    ///
    /// - Returns: How many pupils went.
    @discardableResult
    func purgePupils(retention: Duration?) async throws -> Int

    /// A new one-time sign-in code for a pupil of the current school year: ten letters and digits, only its hash kept.
    func issueSignInCode(pupil id: Int64, lifetime: Duration, check: @escaping PupilCheck) async throws -> (
        code: String, expiresAt: Int64
    )

    /// Exchanges a sign-in code, once, for the pupil it was issued to.
    ///
    /// - Throws: ``StoreError/notFound(_:)`` for a code that is unknown, used or expired: the three read alike.
    func redeemSignInCode(_ code: String) async throws -> Pupil
}

/// A basin's applications: a pupil's request for every week of a period of an offer, holding a seat in each.
public protocol ApplicationStorage: Sendable {
    /// Applies for every week of a period, holding one seat in each, atomically: all weeks or none. Seats never
    /// overbook, and the basin's priority access is enforced in the same transaction.
    func apply(_ request: ApplicationRequest, check: @escaping ApplicationCheck) async throws -> Application

    /// Applies a company's, a pupil's or a school's decision. Accepting withdraws the pupil's other pending
    /// applications for overlapping weeks and frees their seats, in the same transaction.
    func decide(application id: Int64, _ decision: ApplicationDecision, check: @escaping DecisionCheck) async throws
        -> Application

    func application(_ id: Int64) async throws -> Application?

    /// Applications, newest first.
    func applications(_ scope: ApplicationScope, liveOnly: Bool) async throws -> [Application]

    /// Expires every pending application past its delay and frees its seats.
    @discardableResult
    func expireDueApplications() async throws -> Int

    func placementRules() async throws -> PlacementRules

    /// Replaces the basin's rules. Every offer that is not withdrawn takes the new priority window and held seats at
    /// once, each logged as an update.
    func setPlacementRules(_ rules: PlacementRules) async throws -> PlacementRules

    /// Per school and level of a school year's rosters: pupils, placed, pending and nothing yet; and the published
    /// offers with future weeks that no live application holds.
    func followUp(year: SchoolYear) async throws -> (levels: [LevelFollowUp], unasked: [UnaskedOffer])
}

/// Each user's messages in a basin, written in the transaction of the event they tell of.
public protocol InboxStorage: Sendable {
    /// The newest messages of an inbox, a page at a time, with its unread count and head position.
    func inbox(_ recipient: InboxRecipient, unreadOnly: Bool, before: Int64?, limit: Int) async throws -> InboxPage

    /// Marks messages of the inbox read: those of `ids`, or every one when `ids` is `nil`.
    func markRead(_ recipient: InboxRecipient, ids: [Int64]?) async throws -> (marked: Int, unread: Int)

    /// Up to `limit` messages of the inbox after `offset`, oldest first, with the inbox's epoch and head.
    func inboxMessages(_ recipient: InboxRecipient, after offset: Int64, limit: Int) async throws -> InboxBatch

    /// The recipients of the basin's messages after `offset`, in order.
    func inboxRecipients(after offset: Int64, limit: Int) async throws -> [(id: Int64, recipient: String)]

    /// The highest message id of the basin.
    func inboxHead() async throws -> Int64

    /// Writes the reminders that fell due and tells each company of its published offers left without a week to come,
    /// once per offer version.
    @discardableResult
    func sendReminders() async throws -> Int
}

/// Where each webhook URL of a basin stands in its inbox messages.
public protocol WebhookStorage: Sendable {
    /// The next messages for `url`, oldest first, unless a retry is not yet due.
    func webhookWork(url: String, limit: Int) async throws -> WebhookWork?

    /// Every message up to `id` is handed over to `url`.
    func webhookDelivered(url: String, through id: Int64) async throws

    /// An attempt at message `id` failed: retried at `retryAt`, or, when `retryAt` is `nil`, dead-lettered.
    func webhookFailed(url: String, message id: Int64, error: String, retryAt: Int64?) async throws

    /// Where each webhook URL stands.
    func webhookStatuses() async throws -> [WebhookStatus]
}

/// A basin's boarding houses and their places per week.
public protocol BoardingStorage: Sendable {
    /// Creates a boarding house (`id` nil) or replaces one's details; its places in a week cannot drop below those
    /// taken.
    func saveBoardingHouse(id: Int64?, _ details: BoardingHouseDetails) async throws -> BoardingHouse

    /// The basin's boarding houses, by name.
    func boardingHouses() async throws -> [BoardingHouse]
}

extension BasinStore: PupilStorage, ApplicationStorage, InboxStorage, WebhookStorage, BoardingStorage {
    public typealias PupilCheck = PoleStageStore.PupilCheck
    public typealias ApplicationCheck = PoleStageStore.ApplicationCheck
    public typealias DecisionCheck = PoleStageStore.DecisionCheck
}

extension PupilStorage {
    /// Deletes the pupils past the configured ``StoreConfiguration/pupilRetention``.
    @discardableResult
    public func purgePupils() async throws -> Int { try await self.purgePupils(retention: nil) }
}
