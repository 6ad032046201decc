import Foundation
import GRDB
import Synchronization

/// Opens each basin's store on first use and closes it when idle.
///
/// A basin store is one SQLite file, `basins/<basin>.sqlite`, with one `DatabasePool` while it is open: nothing of one
/// basin is ever written to another's file. Operations go through ``BasinStore``, which counts them in flight, so an
/// idle store is closed only when no operation uses it.
///
/// Each basin is absent, busy (opening or closing) or open. The lock shared by every basin only moves a basin between
/// these states: the file work (the pool, its migrations, the search rows) runs outside it, on a thread of its own
/// (``withBlockingFileWork(_:_:)``), so a cold or large basin delays the calls to that basin only. Calls that find their
/// basin busy wait for it; one pool is ever open on a file.
public final class BasinStoreRegistry: Sendable {
    public let configuration: StoreConfiguration
    private let state = Mutex(State())
    /// Called on the file-work thread before a basin's file is opened: tests hold an opening there.
    private let willOpen: @Sendable (BasinID) -> Void

    private struct Entry {
        /// Its writer is the file's `DatabasePool`. Its search rows are loaded with the pool and dropped with it: a store
        /// reopened after an idle close, or whose file a restore replaced while the server was stopped, loads the search
        /// rows of its file again.
        var database: BasinDatabase
        var inFlight = 0
        var lastUsed: ContinuousClock.Instant
    }

    private enum Slot {
        /// Opening or closing: calls for the basin wait here until it is open, or absent again.
        case busy([CheckedContinuation<Void, Never>])
        case open(Entry)
    }

    private struct State {
        var slots: [BasinID: Slot] = [:]
        var closed = false
        var commitObservers: [@Sendable (BasinID) -> Void] = []

        /// The entries of the open stores.
        var open: [BasinID: Entry] {
            self.slots.compactMapValues { slot in
                if case .open(let entry) = slot { return entry }
                return nil
            }
        }

        /// Ends a busy slot: `slot` (or absent when `nil`) replaces it; returns the calls to wake.
        mutating func settle(_ basin: BasinID, as slot: Slot?) -> [CheckedContinuation<Void, Never>] {
            defer { self.slots[basin] = slot }
            if case .busy(let waiters) = self.slots[basin] { return waiters }
            return []
        }
    }

    /// What a call does next for its basin.
    private enum Acquisition {
        case ready(BasinDatabase)
        case wait
        case open
    }

    public convenience init(configuration: StoreConfiguration) throws {
        try self.init(configuration: configuration, willOpen: { _ in })
    }

    /// A registry that calls `willOpen` with the basin, on the file-work thread, before it opens a basin's file.
    package init(configuration: StoreConfiguration, willOpen: @escaping @Sendable (BasinID) -> Void) throws {
        self.configuration = configuration
        self.willOpen = willOpen
        try FileManager.default.createDirectory(at: configuration.basinsDirectory, withIntermediateDirectories: true)
    }

    /// The handle on one basin's store. Its file must exist: see ``create(_:)``.
    public func store(for basin: BasinID) -> BasinStore {
        BasinStore(basin: basin, registry: self)
    }

    /// Creates a basin's store file and migrates it; does nothing more when it exists.
    @discardableResult
    public func create(_ basin: BasinID) async throws -> BasinStore {
        _ = try await self.acquire(basin, create: true, touch: true)
        self.release(basin, touch: true)
        return self.store(for: basin)
    }

    /// Makes a basin's store usable: creates its file if it has none. Costs no file system call while the store is
    /// open, so it can run on every call.
    public func prepare(_ basin: BasinID) async throws {
        if self.state.withLock({ $0.slots[basin] != nil }) { return }
        if !self.exists(basin) { try await self.create(basin) }
    }

    /// Whether the basin's store file exists.
    public func exists(_ basin: BasinID) -> Bool {
        FileManager.default.fileExists(atPath: self.configuration.basinPath(basin))
    }

    /// Calls `observer` after every committed write to a basin store, on the writer's task: it must return at once.
    ///
    /// The live feed uses it to read the new changes from the log, the live inbox to read the new messages.
    public func observeCommits(_ observer: @escaping @Sendable (BasinID) -> Void) {
        self.state.withLock { $0.commitObservers.append(observer) }
    }

    func didCommit(_ basin: BasinID) {
        for observer in self.state.withLock({ $0.commitObservers }) { observer(basin) }
    }

    /// The basins whose store is open now.
    public var openBasins: [BasinID] { self.state.withLock { $0.open.keys.sorted() } }

    /// How many basin stores are open now.
    public var openCount: Int { self.state.withLock { $0.open.count } }

    /// Closes the stores that no operation has used for ``StoreConfiguration/idleTimeout``.
    ///
    /// - Returns: The basins whose store was closed.
    @discardableResult
    public func closeIdle(now: ContinuousClock.Instant = .now) -> [BasinID] {
        // Marked busy under the lock, closed outside it: a call arriving meanwhile waits, and never opens a second pool
        // on a file whose pool is still closing.
        let due: [BasinID: Entry] = self.state.withLock { state in
            let due = state.open.filter {
                $0.value.inFlight == 0 && now - $0.value.lastUsed >= self.configuration.idleTimeout
            }
            for basin in due.keys { state.slots[basin] = .busy([]) }
            return due
        }
        for (basin, entry) in due {
            try? entry.database.writer.close()
            for waiter in self.state.withLock({ $0.settle(basin, as: nil) }) { waiter.resume() }
        }
        return due.keys.sorted()
    }

    /// Closes every open store; later operations fail.
    public func closeAll() {
        let pools = self.state.withLock { state in
            state.closed = true
            defer { state.slots = state.slots.filter { if case .busy = $0.value { true } else { false } } }
            return state.open.values.map(\.database.writer)
        }
        for pool in pools { try? pool.close() }
    }

    /// Runs `body` on the basin's open database, counted in flight meanwhile: opened first when absent.
    ///
    /// - Parameter touch: Whether the operation counts as a use that keeps the store open (maintenance does not).
    func withDatabase<T: Sendable>(
        _ basin: BasinID,
        touch: Bool = true,
        _ body: (BasinDatabase) async throws -> T
    ) async throws -> T {
        let database = try await self.acquire(basin, create: false, touch: touch)
        defer { self.release(basin, touch: touch) }
        return try await body(database)
    }

    /// The basin's open database, counted in flight; opened first when absent (outside the lock, off the cooperative pool),
    /// awaited when busy.
    private func acquire(_ basin: BasinID, create: Bool, touch: Bool) async throws -> BasinDatabase {
        while true {
            let next: Acquisition = try self.state.withLock { state in
                guard !state.closed else {
                    throw StoreError.failedPrecondition("les stockages des bassins sont fermés : le serveur s'arrête")
                }
                switch state.slots[basin] {
                case .open(var entry):
                    entry.inFlight += 1
                    if touch { entry.lastUsed = .now }
                    state.slots[basin] = .open(entry)
                    return .ready(entry.database)
                case .busy:
                    return .wait
                case nil:
                    state.slots[basin] = .busy([])
                    return .open
                }
            }
            switch next {
            case .ready(let database):
                return database
            case .wait:
                await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                    let waiting = self.state.withLock { state in
                        guard case .busy(var waiters) = state.slots[basin] else { return false }
                        waiters.append(waiter)
                        state.slots[basin] = .busy(waiters)
                        return true
                    }
                    if !waiting { waiter.resume() }
                }
            case .open:
                return try await self.open(basin, create: create)
            }
        }
    }

    /// Opens a basin marked busy by this call, and stores it open with this call in flight.
    private func open(_ basin: BasinID, create: Bool) async throws -> BasinDatabase {
        let path = self.configuration.basinPath(basin)
        let willOpen = self.willOpen
        let opened: BasinDatabase
        do {
            opened = try await withBlockingFileWork("open.\(basin)") {
                willOpen(basin)
                guard create || FileManager.default.fileExists(atPath: path) else {
                    throw StoreError.notFound("stockage du bassin \(basin)")
                }
                let pool = try DatabasePool(path: path, configuration: Self.databaseConfiguration)
                return try BasinDatabase.open(.pool(pool))
            }
        } catch {
            for waiter in self.state.withLock({ $0.settle(basin, as: nil) }) { waiter.resume() }
            throw error
        }
        let (waiters, closed) = self.state.withLock { state in
            if state.closed { return (state.settle(basin, as: nil), true) }
            let entry = Entry(database: opened, inFlight: 1, lastUsed: .now)
            return (state.settle(basin, as: .open(entry)), false)
        }
        for waiter in waiters { waiter.resume() }
        if closed {
            try? opened.writer.close()
            throw StoreError.failedPrecondition("les stockages des bassins sont fermés : le serveur s'arrête")
        }
        return opened
    }

    private func release(_ basin: BasinID, touch: Bool) {
        self.state.withLock { state in
            guard case .open(var entry) = state.slots[basin] else { return }
            entry.inFlight -= 1
            if touch { entry.lastUsed = .now }
            state.slots[basin] = .open(entry)
        }
    }

    static var databaseConfiguration: Configuration {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            db.add(function: distanceFunction)
            // Reads through a memory map instead of a pread and a copy per page: with SQLite's default 2 MB page cache,
            // those system calls were a fifth of a search's samples on 100,000 offers (perf). The map shares the
            // operating system's page cache, so it costs no memory per connection; writes still go through the WAL.
            // The price: an I/O error on the file reaches the process as SIGBUS rather than as an SQLite error.
            try db.execute(sql: "PRAGMA mmap_size = \(mmapSize)")
        }
        return configuration
    }

    /// The most of a basin file read through a memory map, in bytes.
    static let mmapSize = 256 << 20

    /// `distance_km(lat1, lon1, lat2, lon2)`: great-circle distance for ordering search results.
    static let distanceFunction = DatabaseFunction("distance_km", argumentCount: 4, pure: true) { values in
        guard let lat1 = Double.fromDatabaseValue(values[0]), let lon1 = Double.fromDatabaseValue(values[1]),
            let lat2 = Double.fromDatabaseValue(values[2]), let lon2 = Double.fromDatabaseValue(values[3])
        else { return nil }
        return GeoPoint.distanceKm(lat1, lon1, lat2, lon2)
    }
}

extension BasinStoreRegistry: ChangeLogSource {
    public func changeLog(of basin: BasinID) -> any ChangeLogStorage { self.store(for: basin) }
}
