/// Limits and timings of the live feed.
package struct LiveConfiguration: Sendable {
    /// Changes buffered for one subscriber that has not taken them yet. Past this, the subscriber catches up from the
    /// log instead: a slow reader costs at most this much memory and never holds the others back.
    package var mailboxCapacity: Int
    /// A subscription silent for this long gets a heartbeat.
    package var heartbeatInterval: Duration
    /// Changes read from the log at once, by the feed and by a subscriber catching up.
    package var batchSize: Int
    /// Offers per snapshot message.
    package var snapshotPageSize: Int

    package init(
        mailboxCapacity: Int = 256,
        heartbeatInterval: Duration = .seconds(15),
        batchSize: Int = 500,
        snapshotPageSize: Int = 100
    ) {
        self.mailboxCapacity = mailboxCapacity
        self.heartbeatInterval = heartbeatInterval
        self.batchSize = batchSize
        self.snapshotPageSize = snapshotPageSize
    }
}
