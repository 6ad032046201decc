import GRDB

/// Keeps an ``OfferSearchIndex`` in step with the basin's committed writes, on the writer connection.
///
/// It observes the short search rows, `offerSearch`, that the index copies: every change to them, made by a statement
/// or by the triggers that copy `offer` and `offerPeriod` into them, reaches SQLite's update hook and so this
/// observer. A whole transaction's changed ids are collected, marked unsure before the commit, and read again from
/// the committed state right after it, before the write returns: a search that follows a write sees its rows.
final class OfferSearchObserver: TransactionObserver {
    private let index: OfferSearchIndex
    /// The offers changed in the current transaction.
    private var changed: Set<Int64> = []
    /// Whether the transaction changed the rows in a way GRDB could not describe row by row.
    private var changedAll = false

    init(_ index: OfferSearchIndex) {
        self.index = index
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName == "offerSearch"
    }

    func databaseDidChange(with event: DatabaseEvent) {
        self.changed.insert(event.rowID)
    }

    func databaseDidChange() {
        self.changedAll = true
    }

    func databaseWillCommit() throws {
        guard self.changedAll || !self.changed.isEmpty else { return }
        self.index.willCommit(self.changed, all: self.changedAll)
    }

    func databaseDidCommit(_ db: Database) {
        guard self.changedAll || !self.changed.isEmpty else { return }
        self.index.didCommit(db, self.changed, all: self.changedAll)
        self.reset()
    }

    func databaseDidRollback(_ db: Database) {
        guard self.changedAll || !self.changed.isEmpty else { return }
        self.index.didRollback(self.changed, all: self.changedAll)
        self.reset()
    }

    private func reset() {
        self.changed = []
        self.changedAll = false
    }
}
