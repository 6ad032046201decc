/// The académie's directory and sign-in: basins, schools, trades, companies, users, issued tokens, invites, web
/// sessions and the audit log. What every backend of the academy store provides.
///
/// ``AcademyStore`` keeps them in `academy.sqlite`; the PostgreSQL backend in the `academy` schema. Both pass the same
/// conformance tests: the same answers, the same refusals with the same messages. The good-practice library is a
/// ``PracticeStorage`` of its own, on either backend; backups are the SQLite store's alone.
public protocol AcademyStorage: PracticeHolder {
    // MARK: Basins

    /// Adds a basin.
    ///
    /// - Throws: ``StoreError/alreadyExists(_:)`` when its id is taken.
    func createBasin(_ basin: Basin) async throws

    /// The basin with this id, or `nil`.
    func basin(_ id: BasinID) async throws -> Basin?

    /// Every basin, by id.
    func basins() async throws -> [Basin]

    /// Renames a basin.
    ///
    /// - Throws: ``StoreError/notFound(_:)``; ``StoreError/failedPrecondition(_:)`` when the basin is archived.
    func renameBasin(_ id: BasinID, to name: String) async throws -> Basin

    /// Marks a basin archived: read-only, kept. Archiving an archived basin changes nothing.
    func archiveBasin(_ id: BasinID) async throws -> Basin

    /// How many schools each basin has.
    func schoolCounts() async throws -> [BasinID: Int]

    // MARK: Schools

    /// Adds a school.
    ///
    /// - Throws: ``StoreError/alreadyExists(_:)`` when its UAI is taken; ``StoreError/notFound(_:)`` for an unknown
    ///   basin; ``StoreError/failedPrecondition(_:)`` for an archived one.
    func createSchool(_ school: School) async throws

    /// Adds a school, or replaces the one with the same UAI.
    func saveSchool(_ school: School) async throws

    /// Changes an existing school in one transaction: `transform` makes the new school from the stored one, and what
    /// it throws refuses the update.
    func updateSchool(_ uai: UAI, _ transform: @escaping @Sendable (School) throws -> School) async throws -> School

    /// Creates or updates many schools in one transaction: all or none.
    func importSchools(_ schools: [School]) async throws -> ImportOutcome

    /// The school with this UAI, or `nil`.
    func school(_ uai: UAI) async throws -> School?

    /// What a basin's priority rule reads of a school; none for a school the directory does not know.
    func priorityFacts(of uai: UAI) async throws -> SchoolPriorityFacts

    /// A basin's schools, by UAI.
    func schools(in basin: BasinID) async throws -> [School]

    /// Every school of the académie, by UAI.
    func allSchools() async throws -> [School]

    /// How many schools the académie has.
    func schoolCount() async throws -> Int

    // MARK: Trades

    /// The trade with this ROME code, or `nil`.
    func trade(_ code: TradeCode) async throws -> Trade?

    /// Every trade, by code.
    func trades() async throws -> [Trade]

    // MARK: Companies

    /// Adds a company to the directory.
    ///
    /// - Throws: ``StoreError/alreadyExists(_:)`` when its SIRET is taken; ``StoreError/notFound(_:)`` for an unknown
    ///   basin.
    func createCompany(_ company: Company) async throws

    /// Adds a company, or replaces the one with the same SIRET, with the basins it works with.
    func saveCompany(_ company: Company) async throws

    /// Changes an existing company in one transaction: `transform` makes the new company from the stored one, and
    /// what it throws refuses the update.
    func updateCompany(_ siret: SIRET, _ transform: @escaping @Sendable (Company) throws -> Company) async throws
        -> Company

    /// Creates or updates many companies in one transaction: all or none.
    func importCompanies(_ companies: [Company]) async throws -> ImportOutcome

    /// The company with this SIRET, with its basins, or `nil`.
    func company(_ siret: SIRET) async throws -> Company?

    /// Companies whose folded name holds `query`, or whose SIRET starts with it, by name.
    func searchCompanies(query: String, basin: BasinID?, limit: Int, offset: Int) async throws -> [Company]

    /// Merges a duplicate entry into the kept one: the kept entry works with both entries' basins, the duplicate's
    /// users move to it, then the duplicate is removed.
    func mergeCompany(_ duplicate: SIRET, into kept: SIRET) async throws -> Company

    // MARK: Users

    /// Adds a user.
    ///
    /// - Throws: ``StoreError/alreadyExists(_:)`` when its id is taken; ``StoreError/notFound(_:)`` when its basin,
    ///   school or company is not in the directory.
    func insertUser(_ user: User) async throws -> User

    /// Adds a user, or gives the one with the same id this role, scope and state.
    @discardableResult
    func saveUser(_ user: User) async throws -> User

    /// The user with this id, or `nil`.
    func user(_ id: String) async throws -> User?

    /// Assigns an animator to a basin.
    func assignAnimator(_ id: String, to basin: BasinID) async throws -> User

    /// Deactivates a user: its tokens are refused from then on.
    func deactivateUser(_ id: String) async throws -> User

    /// The ids of the deactivated users.
    func inactiveUserIDs() async throws -> Set<String>

    // MARK: Issued tokens

    /// Records a token the académie issued, so that it can be listed and revoked by its id.
    func recordIssuedToken(_ token: IssuedTokenRecord) async throws

    /// The tokens issued to `user`, newest first, with their revocation time when revoked.
    func issuedTokens(of user: String) async throws -> [IssuedTokenRecord]

    /// Records the revocation of an issued token; revoking a revoked token keeps the first time.
    func revokeToken(_ tokenID: String, by user: String) async throws -> Int64

    /// Every revoked token id.
    func revokedTokenIDs() async throws -> Set<String>

    // MARK: Sign-in

    /// Stores a one-time invite for `user` and returns its code, which is kept only as its SHA-256.
    func createInvite(for user: String, by creator: String, lifetime: Duration) async throws -> IssuedInvite

    /// Uses an invite once and returns its user: of several redemptions of one code, wherever they run, one succeeds.
    ///
    /// - Throws: ``SignInRefusal``: unknown, used, expired, or its user deactivated.
    func redeemInvite(_ code: String) async throws -> User

    /// Opens a web session and returns its first refresh token.
    func createSession(_ grant: SessionGrant, lifetime: Duration) async throws -> IssuedSession

    /// Exchanges a refresh token for the next one of its session: each is accepted once, and a token presented a
    /// second time ends its whole session.
    ///
    /// - Throws: ``SignInRefusal``: unknown, expired, revoked, or its user deactivated.
    func rotateSession(_ refreshToken: String) async throws -> IssuedSession

    /// Ends the session of a refresh token, and returns what it granted.
    func endSession(_ refreshToken: String) async throws -> SessionGrant

    // MARK: Audit

    /// Appends an entry to the audit log, stamped with the store's clock.
    func appendAudit(_ entry: AuditEntry) async throws

    /// Up to `limit` entries older than `before` (all when `nil`), newest first; only those about `basin` when set.
    func auditEntries(before: Int64?, basin: BasinID?, limit: Int) async throws -> [AuditEntry]
}

extension AcademyStore: AcademyStorage {}
