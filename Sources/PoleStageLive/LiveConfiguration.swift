/// Limits and timings of the live feed.
public struct LiveConfiguration: Sendable {
    /// Changes buffered for one subscriber that has not taken them yet. Past this, the subscriber catches up from the
    /// log instead: a slow reader costs at most this much memory and never holds the others back.
    public var mailboxCapacity: Int
    /// A subscription silent for this long gets a heartbeat.
    public var heartbeatInterval: Duration
    /// Changes read from the log at once, by the feed and by a subscriber catching up.
    public var batchSize: Int
    /// Offers per snapshot message.
    public var snapshotPageSize: Int

    public init(
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
