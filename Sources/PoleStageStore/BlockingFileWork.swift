import Dispatch

/// Runs synchronous file work (opening a `DatabasePool`, migrating it, loading a search index) on a thread of its own,
/// never on a thread of Swift's cooperative pool.
///
/// That pool has one thread per core: two on the machines PoléStage is measured on. Opening a store waits for the disk
/// (`fdatasync` for the WAL, once per migration), which on a busy machine takes tens of milliseconds each time; run on
/// the pool, it stops every task of every tenant meanwhile. Each call gets a new serial queue, which libdispatch runs
/// on its overcommitting threads, so openings of different stores do not wait for each other either.
package func withBlockingFileWork<T: Sendable>(
    _ label: String,
    _ work: @escaping @Sendable () throws -> T
) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue(label: "polestage.store.\(label)").async {
            continuation.resume(with: Result { try work() })
        }
    }
}
