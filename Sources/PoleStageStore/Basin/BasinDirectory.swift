/// Everything a basin's store provides, whatever its backend: what services work with.
public typealias BasinStorage = ApplicationStorage & BasinAdminStorage & BoardingStorage & CalendarStorage
    & ChangeLogStorage & ContactStorage & InboxStorage & OfferSearchStorage & OfferStorage & PracticeHolder
    & PupilStorage & SeatStorage & StatisticsStorage & WebhookStorage

/// The basins' stores of one académie, on one backend: a SQLite file per basin under the node's data folder
/// (``BasinStoreRegistry``), or a schema per basin in a PostgreSQL database shared by every node.
public protocol BasinDirectory: ChangeLogSource {
    /// Clocks, holds and retention periods; on SQLite, the data folder too.
    var configuration: StoreConfiguration { get }

    /// The store of a basin. Its storage must exist: see ``createStorage(for:)`` and ``prepare(_:)``.
    func storage(for basin: BasinID) -> any BasinStorage

    /// Creates a basin's storage and migrates it; does nothing more when it exists.
    @discardableResult
    func createStorage(for basin: BasinID) async throws -> any BasinStorage

    /// Makes a basin's store usable, creating or migrating its storage when needed. Cheap once done: it can run on
    /// every call.
    func prepare(_ basin: BasinID) async throws

    /// Whether the basin's storage exists.
    func exists(_ basin: BasinID) async throws -> Bool

    /// The basins this node has used lately: on SQLite, those whose file is open; on PostgreSQL, every basin this node
    /// has served since it started. The janitor's frequent chores visit them.
    var activeBasins: [BasinID] { get }

    /// Closes what an idle basin holds (a SQLite file's connections); nothing on PostgreSQL.
    ///
    /// - Returns: The basins closed.
    @discardableResult
    func closeIdle() -> [BasinID]

    /// Closes every basin store; later operations fail.
    func closeAll()

    /// The bytes each store takes: `academy`, then each basin by id. Reads the disk or the database: call it off the
    /// paths that answer requests.
    func storeSizes() async -> [(store: String, bytes: Int)]

    /// Runs `body` with the same basins seen through another configuration (the demo's seeding moves its own clock),
    /// released afterwards.
    func withConfiguration<T: Sendable>(
        _ configuration: StoreConfiguration,
        _ body: (any BasinDirectory) async throws -> T
    ) async throws -> T
}

extension BasinStoreRegistry: BasinDirectory {
    public var activeBasins: [BasinID] { self.openBasins }

    public func closeIdle() -> [BasinID] { self.closeIdle(now: .now) }

    public func storeSizes() async -> [(store: String, bytes: Int)] {
        let configuration = self.configuration
        return (try? await withBlockingFileWork("store sizes") { configuration.fileSizes() }) ?? []
    }

    public func storage(for basin: BasinID) -> any BasinStorage { self.store(for: basin) }

    @discardableResult
    public func createStorage(for basin: BasinID) async throws -> any BasinStorage { try await self.create(basin) }

    public func withConfiguration<T: Sendable>(
        _ configuration: StoreConfiguration,
        _ body: (any BasinDirectory) async throws -> T
    ) async throws -> T {
        let registry = try BasinStoreRegistry(configuration: configuration)
        defer { registry.closeAll() }
        return try await body(registry)
    }
}
