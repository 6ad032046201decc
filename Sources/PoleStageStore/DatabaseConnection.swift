import GRDB

/// A store's connection to its SQLite database, of a concrete type, so that reads and writes call GRDB's specialized
/// methods.
///
/// Through an `any DatabaseWriter` they do not, and every task that has read a store keeps the unspecialized calls'
/// larger async frames in its task allocator for its life: 1.3 KiB more per live subscription, whose task authenticates
/// (academy reads) and replays (basin reads) before it waits (`DomainBenchmarks memory`).
enum DatabaseConnection: Sendable {
    /// A file's pool: readers beside one writer (WAL).
    case pool(DatabasePool)
    /// One connection, in memory in unit tests.
    case queue(DatabaseQueue)

    /// The connection as GRDB's protocol, for what is neither a read nor a write: migrating, closing, backing up.
    var writer: any DatabaseWriter {
        switch self {
        case .pool(let pool): pool
        case .queue(let queue): queue
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        switch self {
        case .pool(let pool): try await pool.read(body)
        case .queue(let queue): try await queue.read(body)
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        switch self {
        case .pool(let pool): try await pool.write(body)
        case .queue(let queue): try await queue.write(body)
        }
    }
}
