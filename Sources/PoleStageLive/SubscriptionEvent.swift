package import PoleStageStore

/// What a subscription hands its subscriber, in order. Every event but a snapshot page before the last carries the
/// position to resume from.
///
/// `indirect`: a change holds two offers (about 600 bytes inline), and every place an event is built takes a slot of
/// that size in the subscription's async frame, which a live subscription keeps for its whole life. Boxed, an event is
/// one pointer: the frames of an idle subscriber shrank by about 13 KiB (`DomainBenchmarks memory`, heaptrack).
package indirect enum SubscriptionEvent: Sendable {
    /// The resume position could not be used; a snapshot follows.
    case reset(ResumeProblem, position: ChangePosition)
    /// A page of the snapshot. Until the last page, `position` is where the subscription started from.
    case snapshot([Offer], last: Bool, position: ChangePosition)
    /// A change that matches the filter.
    case change(OfferChange, position: ChangePosition)
    /// The replay is over: what follows is live.
    case live(position: ChangePosition)
    /// The subscription was silent for the heartbeat interval.
    case heartbeat(position: ChangePosition)
}

/// Why a subscription ended.
package enum SubscriptionEnd: Sendable, Hashable {
    /// The subscriber's task was cancelled (it went away).
    case cancelled
    /// The server is shutting down: resume elsewhere or later from the last position.
    case shuttingDown
}
