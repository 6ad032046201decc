package import Logging
package import PoleStageStore
import Synchronization

/// The live feed of every basin: who subscribes to what, and the delivery of each committed change to them.
///
/// A write commits, the registry's commit observer signals the basin's ``BasinFeed``, whose task reads the new log
/// entries and puts each in the mailbox of every subscriber it matches. Each subscriber's stream drains its own
/// mailbox (``subscribe(basin:filter:resumeFrom:snapshot:deliver:)``). A writer never waits for a subscriber, and a
/// subscriber never waits for another.
///
/// ``run()`` must be running for live changes to flow: it runs the feeds' tasks and the heartbeat clock.
package final class ChangeHub: Sendable {
    package let configuration: LiveConfiguration
    let basins: any ChangeLogSource
    let logger: Logger
    private let state = Mutex(State())
    private let started: AsyncStream<BasinFeed>
    private let start: AsyncStream<BasinFeed>.Continuation

    private struct State {
        var feeds: [BasinID: BasinFeed] = [:]
        var nextMailbox = 0
        var closed = false
    }

    package init(basins: any ChangeLogSource, configuration: LiveConfiguration = .init(), logger: Logger) {
        self.basins = basins
        self.configuration = configuration
        self.logger = logger
        (self.started, self.start) = AsyncStream.makeStream(of: BasinFeed.self)
        basins.observeCommits { [weak self] basin in
            self?.state.withLock { $0.feeds[basin] }?.notify()
        }
    }

    /// Runs the basins' feeds and the heartbeats until cancelled, then ends every subscription. ``close()`` ends the
    /// feeds but not this: it returns when its task is cancelled.
    package func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: self.configuration.heartbeatInterval) } catch { return }
                    for feed in self.feeds { for mailbox in feed.mailboxes { mailbox.tick() } }
                }
            }
            for await feed in self.started {
                group.addTask { await feed.run(logger: self.logger) }
            }
            group.cancelAll()
        }
        self.close()
    }

    /// Ends every subscription with ``SubscriptionEnd/shuttingDown`` and refuses new ones. Graceful shutdown calls
    /// it first: a live stream never ends by itself.
    package func close() {
        let feeds = self.state.withLock { state in
            state.closed = true
            return Array(state.feeds.values)
        }
        for feed in feeds {
            for mailbox in feed.mailboxes { mailbox.close(.shuttingDown) }
            feed.finish()
        }
    }

    /// Live subscribers of a basin now.
    package func presence(of basin: BasinID) -> Int {
        self.state.withLock { $0.feeds[basin] }?.subscriberCount ?? 0
    }

    /// Live subscribers of every basin that has had one since the server started.
    package var presence: [BasinID: Int] {
        self.feeds.reduce(into: [:]) { $0[$1.basin] = $1.subscriberCount }
    }

    /// Every feed started since the server started.
    package var statistics: [BasinID: FeedStatistics] {
        self.feeds.reduce(into: [:]) { $0[$1.basin] = $1.statistics }
    }

    /// The buffers of a basin's subscribers, for tests and metrics.
    package func mailboxStatistics(of basin: BasinID) -> [MailboxStatistics] {
        (self.state.withLock { $0.feeds[basin] }?.mailboxes ?? []).map(\.statistics)
    }

    var isClosed: Bool { self.state.withLock { $0.closed } }

    private var feeds: [BasinFeed] { self.state.withLock { Array($0.feeds.values) } }

    /// The basin's feed, started on first use at the log's head.
    @inline(never)
    func feed(for basin: BasinID) async throws -> BasinFeed {
        if let feed = self.state.withLock({ $0.feeds[basin] }) { return feed }
        let store = self.basins.changeLog(of: basin)
        let bounds = try await store.changeLogBounds()
        let (feed, created) = try self.state.withLock { state -> (BasinFeed, Bool) in
            guard !state.closed else { throw LiveError.shuttingDown }
            if let feed = state.feeds[basin] { return (feed, false) }
            let feed = BasinFeed(
                store: store,
                bounds: bounds,
                batchSize: min(self.configuration.batchSize, self.configuration.mailboxCapacity)
            )
            state.feeds[basin] = feed
            return (feed, true)
        }
        if created { self.start.yield(feed) }
        return feed
    }

    func makeMailbox(filter: OfferFilter, immediate: ImmediateWrite?) throws -> Mailbox {
        try self.state.withLock { state in
            guard !state.closed else { throw LiveError.shuttingDown }
            state.nextMailbox += 1
            return Mailbox(
                id: state.nextMailbox,
                filter: filter,
                capacity: self.configuration.mailboxCapacity,
                immediate: immediate
            )
        }
    }
}

/// Why the live feed refused a subscription.
package enum LiveError: Error, Sendable, Hashable {
    case shuttingDown
}
