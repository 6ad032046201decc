package import Foundation
import GRDB

/// What a change-log entry records.
public enum ChangeKind: String, Sendable, CaseIterable {
    case offerCreated = "offer.created"
    case offerUpdated = "offer.updated"
    case offerPublished = "offer.published"
    case offerWithdrawn = "offer.withdrawn"
    case seatsTaken = "seats.taken"
    case seatsFreed = "seats.freed"
}

/// A place in a basin's change log.
public struct ChangePosition: Sendable, Hashable, CustomStringConvertible {
    /// Changes when the log is reset: offsets of another epoch mean nothing in this one.
    public var epoch: Int64
    /// The offset of the last change accounted for.
    public var offset: Int64

    public init(epoch: Int64, offset: Int64) {
        self.epoch = epoch
        self.offset = offset
    }

    public var description: String { "\(self.epoch)/\(self.offset)" }
}

/// One entry of a basin's change log: the offer just after a change, and just before it.
///
/// A change is read once and handed to every subscriber whose filter it passes (thousands of mailboxes): its fields
/// live in one shared, immutable box, so that handing it on costs one reference count, not one per string of two
/// offers.
public struct OfferChange: Sendable {
    private final class Storage: Sendable {
        let offset: Int64
        let kind: ChangeKind
        let offer: Offer
        let before: Offer?
        let week: ISOWeek?
        let at: Int64

        init(offset: Int64, kind: ChangeKind, offer: Offer, before: Offer?, week: ISOWeek?, at: Int64) {
            self.offset = offset
            self.kind = kind
            self.offer = offer
            self.before = before
            self.week = week
            self.at = at
        }
    }

    private let storage: Storage

    package init(offset: Int64, kind: ChangeKind, offer: Offer, before: Offer?, week: ISOWeek?, at: Int64) {
        self.storage = Storage(offset: offset, kind: kind, offer: offer, before: before, week: week, at: at)
    }

    public var offset: Int64 { self.storage.offset }
    public var kind: ChangeKind { self.storage.kind }
    /// The offer as the change left it.
    public var offer: Offer { self.storage.offer }
    /// The offer just before the change; `nil` for a creation.
    public var before: Offer? { self.storage.before }
    /// The week whose seats changed, for seat changes.
    public var week: ISOWeek? { self.storage.week }
    /// Unix time in milliseconds.
    public var at: Int64 { self.storage.at }
}

/// What a basin's change log holds now.
public struct ChangeLogBounds: Sendable, Hashable {
    public var epoch: Int64
    /// Every change after this offset is kept: a resume from an older position cannot be served.
    public var retainedAfter: Int64
    /// The offset of the latest change, 0 for none.
    public var head: Int64

    package init(epoch: Int64, retainedAfter: Int64, head: Int64) {
        self.epoch = epoch
        self.retainedAfter = retainedAfter
        self.head = head
    }

    /// Why a position cannot be resumed from, or `nil` when it can.
    public func problem(resuming position: ChangePosition) -> ResumeProblem? {
        if position.epoch != self.epoch { return .epochChanged }
        if position.offset < self.retainedAfter { return .tooOld }
        if position.offset > self.head { return .ahead }
        return nil
    }
}

/// Why a resume position cannot be served from the log.
public enum ResumeProblem: Sendable, Hashable {
    /// The log was reset since: the position belongs to another epoch.
    case epochChanged
    /// The changes after the position are no longer kept.
    case tooOld
    /// The position is ahead of the log (a store restored from an older backup, or a made-up position).
    case ahead
}

/// How much of the change log a basin keeps: an entry goes once either limit is passed.
public struct ChangeLogRetention: Sendable, Hashable {
    /// The most entries kept.
    public var maxEntries: Int
    /// The oldest entry kept.
    public var maxAge: Duration

    public init(maxEntries: Int = 100_000, maxAge: Duration = .seconds(7 * 24 * 3600)) {
        self.maxEntries = maxEntries
        self.maxAge = maxAge
    }
}

extension OfferChange {
    /// A change-log entry as stored: its offset, kind, week (`year * 100 + week`), time and payload.
    ///
    /// - Throws: ``StoreError/corrupt(_:)`` when the entry cannot be read.
    package static func decode(offset: Int64, kind: String, week: Int?, at: Int64, payload: Data?) throws -> OfferChange
    {
        guard let kind = ChangeKind(rawValue: kind), let payload,
            let decoded = try? ChangePayload.decode(payload), let offer = decoded.offer.offer
        else { throw StoreError.corrupt("change log entry \(offset) cannot be read") }
        let week = week.flatMap(ISOWeek.init(storage:))
        var before = decoded.before?.offer
        if before == nil, let week {
            switch kind {
            case .seatsTaken: before = offer.withTaken(-1, in: week)
            case .seatsFreed: before = offer.withTaken(1, in: week)
            default: break
            }
        }
        return OfferChange(offset: offset, kind: kind, offer: offer, before: before, week: week, at: at)
    }

    /// What a change-log entry stores of the offer after a change and before it.
    package static func payload(offer: Offer, before: Offer?) throws -> Data {
        try ChangePayload(offer: offer, before: before).encoded()
    }
}

extension Database {
    /// Appends to the basin's change log, inside the caller's transaction, with the offer as the change left it.
    ///
    /// - Parameters:
    ///   - before: The offer before the change, for offer changes; seat changes derive it from the week.
    ///   - after: The offer as the change left it, when the caller knows it exactly; else it is read.
    /// - Returns: The offer after the change.
    @discardableResult
    func logChange(
        _ kind: ChangeKind,
        offer id: Int64,
        week: ISOWeek? = nil,
        before: Offer? = nil,
        after: Offer? = nil,
        at: Int64
    ) throws -> Offer {
        let offer = try after ?? BasinStore.requireOffer(self, id: id)
        let payload = try OfferChange.payload(offer: offer, before: before)
        try self.cachedStatement(
            sql: "INSERT INTO changeLog (kind, offerId, week, at, payload) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: [kind.rawValue, id, week?.storage, at, payload])
        return offer
    }
}

extension Offer {
    /// The offer once one seat of `week` is taken (`delta` 1) or freed (`delta` -1), by a priority claim or not.
    package func withTaken(_ delta: Int, in week: ISOWeek, priority: Bool = false) -> Offer {
        var offer = self
        if let index = offer.periods.firstIndex(where: { $0.week == week }) {
            offer.periods[index].taken = max(0, offer.periods[index].taken + delta)
            if priority { offer.periods[index].priorityTaken = max(0, offer.periods[index].priorityTaken + delta) }
        }
        return offer
    }
}
