package import PoleStageStore

extension ChangeHub {
    /// Streams a basin's changes that match `filter` to `deliver` until the subscriber goes or the server shuts down.
    ///
    /// From `resumeFrom`, it replays the matching changes after that position, then goes live; when the position
    /// cannot be resumed from, it sends ``SubscriptionEvent/reset(_:position:)`` and a snapshot first. No change is
    /// skipped and none is sent twice: the mailbox is registered before the log is read, and a change whose offset the
    /// subscriber has passed is dropped.
    ///
    /// - Parameters:
    ///   - snapshot: Start with a snapshot of the matching offers even when the position can be resumed from.
    ///   - cancellation: Ends the subscription from outside, as task cancellation does.
    ///   - immediate: Writes a live change to the subscriber's stream from the feed's task, without waking the
    ///     subscriber's, when that needs no waiting (``ImmediateWrite``). What it writes is not passed to `deliver`.
    ///   - deliver: Sends one event; it may wait (flow control) without holding anyone else up. What it throws ends
    ///     the subscription.
    /// - Returns: Why the subscription ended.
    package func subscribe(
        basin: BasinID,
        filter: OfferFilter,
        resumeFrom: ChangePosition?,
        snapshot: Bool,
        cancellation: SubscriptionCancellation? = nil,
        immediate: ImmediateWrite? = nil,
        deliver: (SubscriptionEvent) async throws -> Void
    ) async throws -> SubscriptionEnd {
        let feed = try await self.feed(for: basin)
        let mailbox = try self.makeMailbox(filter: filter, immediate: immediate)
        _ = feed.add(mailbox)
        defer { feed.remove(mailbox) }
        if self.isClosed { mailbox.close(.shuttingDown) }
        cancellation?.attach(mailbox)
        return try await withoutActuallyEscaping(deliver) { deliver in
            var subscription = Subscription(
                store: feed.store,
                filter: filter,
                configuration: self.configuration,
                deliver: deliver
            )
            return try await subscription.run(mailbox: mailbox, resumeFrom: resumeFrom, snapshot: snapshot)
        }
    }
}

/// One subscriber's stream: snapshot, replay from the log, then the mailbox, with its position kept throughout.
private struct Subscription {
    let store: any ChangeLogStorage
    let filter: OfferFilter
    let configuration: LiveConfiguration
    let deliver: (SubscriptionEvent) async throws -> Void
    /// The last change accounted for: every matching change up to it has been delivered.
    var position = ChangePosition(epoch: 0, offset: 0)

    init(
        store: any ChangeLogStorage,
        filter: OfferFilter,
        configuration: LiveConfiguration,
        deliver: @escaping (SubscriptionEvent) async throws -> Void
    ) {
        self.store = store
        self.filter = filter
        self.configuration = configuration
        self.deliver = deliver
    }

    mutating func run(mailbox: Mailbox, resumeFrom: ChangePosition?, snapshot: Bool) async throws -> SubscriptionEnd {
        var start = resumeFrom
        var wantsSnapshot = snapshot
        var live = false
        while true {
            try await self.begin(from: start, snapshot: wantsSnapshot)
            wantsSnapshot = false
            guard try await self.catchUp() else {
                start = self.position
                continue
            }
            if !live {
                live = true
                try await self.deliver(.live(position: self.position))
            }
            switch try await self.drain(mailbox) {
            case .ended(let end):
                return end
            case .restart:
                start = self.position
            }
        }
    }

    /// Checks the start position, or takes a snapshot when it cannot be used (or one was asked for).
    @inline(never)  // one-time work: its frame is freed before the subscription settles in `drain`
    private mutating func begin(from start: ChangePosition?, snapshot: Bool) async throws {
        let bounds = try await self.store.changeLogBounds()
        var snapshot = snapshot
        if let start, let problem = bounds.problem(resuming: start) {
            try await self.deliver(.reset(problem, position: start))
            snapshot = true
        }
        guard snapshot else {
            self.position = start ?? ChangePosition(epoch: bounds.epoch, offset: bounds.head)
            return
        }
        let (position, offers) = try await self.store.snapshot(self.filter)
        // A resume from a page before the last starts over: it carries the position the stream started from.
        let before = start ?? ChangePosition(epoch: 0, offset: 0)
        let pageSize = self.configuration.snapshotPageSize
        var index = 0
        repeat {
            let page = Array(offers[index..<min(index + pageSize, offers.count)])
            index += pageSize
            let last = index >= offers.count
            try await self.deliver(.snapshot(page, last: last, position: last ? position : before))
        } while index < offers.count
        self.position = position
    }

    /// Replays the matching changes after the position from the log, up to its head.
    ///
    /// - Returns: `false` when the position became unusable meanwhile (a reset, or pruned past it).
    @inline(never)
    private mutating func catchUp() async throws -> Bool {
        while true {
            let (bounds, changes) = try await self.store.changes(
                after: self.position.offset,
                limit: self.configuration.batchSize
            )
            if bounds.problem(resuming: self.position) != nil { return false }
            guard let last = changes.last else { return true }
            let currentWeek = self.store.currentWeek
            for change in changes where self.filter.matches(change, currentWeek: currentWeek) {
                self.position.offset = change.offset
                try await self.deliver(.change(change, position: self.position))
            }
            self.position.offset = last.offset
        }
    }

    private enum DrainEnd {
        case ended(SubscriptionEnd)
        /// Start over from the position: the log was reset.
        case restart
    }

    /// Delivers the mailbox's changes as they come (those the feed wrote itself meanwhile only move the position).
    private mutating func drain(_ mailbox: Mailbox) async throws -> DrainEnd {
        while true {
            let (item, writtenThrough) = await mailbox.next(epoch: self.position.epoch)
            self.position.offset = max(self.position.offset, writtenThrough)
            switch item {
            case .change(let change):
                // Already delivered by the replay.
                guard change.offset > self.position.offset else { continue }
                self.position.offset = change.offset
                try await self.deliver(.change(change, position: self.position))
            case .heartbeat(let seenThrough):
                self.position.offset = max(self.position.offset, seenThrough)
                try await self.deliver(.heartbeat(position: self.position))
            case .overflow:
                // Everything buffered before the overflow was delivered; the rest is in the log.
                guard try await self.catchUp() else { return .restart }
            case .epochChanged:
                return .restart
            case .closed(let end):
                return .ended(end)
            }
        }
    }
}
