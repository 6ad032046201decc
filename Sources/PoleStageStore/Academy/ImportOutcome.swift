/// What a bulk import wrote.
public struct ImportOutcome: Sendable, Equatable {
    /// Rows that did not exist before.
    public var created: Int
    /// Rows that existed and were replaced.
    public var updated: Int
    /// Whether the transaction committed: `false` when nothing was to be written.
    public var committed: Bool

    public init(created: Int, updated: Int, committed: Bool) {
        self.created = created
        self.updated = updated
        self.committed = committed
    }

    /// Rows created or updated.
    public var written: Int { self.created + self.updated }
}
