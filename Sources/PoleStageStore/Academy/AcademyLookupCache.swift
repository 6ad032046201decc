import Synchronization

/// The academy rows tenant resolution reads on every call (a basin, a school, a company), kept until the academy
/// store's next write.
///
/// The server process is the only writer of `academy.sqlite`, and every write goes through ``AcademyStore``'s
/// `write`, which empties the cache once the transaction is over. A read that overlapped a write does not store what
/// it read: the generation it started under is gone. Absent rows are remembered too (a token naming a school that is
/// not in the directory); past ``capacity`` entries the cache starts afresh.
final class AcademyLookupCache: Sendable {
    /// Entries of all three kinds kept at most: more schools and companies than an académie has.
    static let capacity = 20_000

    private struct State {
        var generation: UInt64 = 0
        var basins: [BasinID: Basin?] = [:]
        var schools: [UAI: School?] = [:]
        var companies: [SIRET: Company?] = [:]

        var count: Int { self.basins.count + self.schools.count + self.companies.count }

        mutating func removeAll() {
            self.basins.removeAll()
            self.schools.removeAll()
            self.companies.removeAll()
        }
    }

    private let state = Mutex(State())

    func basin(_ id: BasinID, read: () async throws -> Basin?) async throws -> Basin? {
        try await self.lookUp(\.basins, id, read: read)
    }

    func school(_ uai: UAI, read: () async throws -> School?) async throws -> School? {
        try await self.lookUp(\.schools, uai, read: read)
    }

    func company(_ siret: SIRET, read: () async throws -> Company?) async throws -> Company? {
        try await self.lookUp(\.companies, siret, read: read)
    }

    /// The academy store changed: forget everything, and whatever reads in flight would store.
    func invalidate() {
        self.state.withLock { state in
            state.generation &+= 1
            state.removeAll()
        }
    }

    private func lookUp<Key: Hashable & Sendable, Value: Sendable>(
        _ table: WritableKeyPath<State, [Key: Value?]>,
        _ key: Key,
        read: () async throws -> Value?
    ) async throws -> Value? {
        let (cached, generation): (Value??, UInt64) = self.state.withLock { ($0[keyPath: table][key], $0.generation) }
        if let cached { return cached }
        let value = try await read()
        self.state.withLock { state in
            guard state.generation == generation else { return }
            if state.count >= Self.capacity { state.removeAll() }
            state[keyPath: table][key] = .some(value)
        }
        return value
    }
}
