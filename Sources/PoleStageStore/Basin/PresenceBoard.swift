/// Live subscribers counted across every node of a deployment: each node publishes its own counts, and a count is this
/// node's plus what the others last published.
///
/// One node on SQLite files needs none: its own counts are all there are. On PostgreSQL the board is a table every node
/// writes to.
public protocol PresenceBoard: Sendable {
    /// The basin's live subscribers on every node: `local` (this node's, counted now) and the other nodes' as they
    /// last published them, if recently enough.
    func subscribers(of basin: BasinID, local: Int) async throws -> Int

    /// Publishes this node's counts (`counts()`, read at each publication) until cancelled, then withdraws them.
    func publish(_ counts: @escaping @Sendable () -> [BasinID: Int]) async
}
