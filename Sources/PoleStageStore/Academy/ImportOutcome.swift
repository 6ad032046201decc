/// What a bulk import wrote.
public struct ImportOutcome: Sendable, Equatable {
    /// Rows created or updated.
    public var written: Int
    /// Whether the transaction committed: `false` when nothing was to be written.
    public var committed: Bool

    public init(written: Int, committed: Bool) {
        self.written = written
        self.committed = committed
    }
}
