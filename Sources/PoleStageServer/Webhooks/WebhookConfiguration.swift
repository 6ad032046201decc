public import Foundation

/// Where the inbox's events go as signed HTTP POSTs (the académie's mail or SMS gateway), and how failures are retried.
public struct WebhookConfiguration: Sendable {
    /// Every event is posted to each; none: no webhook.
    public var urls: [URL]
    /// The HMAC-SHA256 key the receivers verify signatures with; at least 32 bytes.
    public var secret: [UInt8]
    /// How often the sender looks for new events in the open basins.
    public var pollInterval: Duration
    /// The wait before the first retry; doubled after each failure, up to ``maxBackoff``.
    public var firstBackoff: Duration
    public var maxBackoff: Duration
    /// Attempts at one event before it is dead-lettered and the next one is sent.
    public var maxAttempts: Int
    /// The longest a receiver may take to answer.
    public var timeout: Duration

    public init(
        urls: [URL] = [],
        secret: [UInt8] = [],
        pollInterval: Duration = .seconds(1),
        firstBackoff: Duration = .seconds(2),
        maxBackoff: Duration = .seconds(600),
        maxAttempts: Int = 12,
        timeout: Duration = .seconds(10)
    ) {
        self.urls = urls
        self.secret = secret
        self.pollInterval = pollInterval
        self.firstBackoff = firstBackoff
        self.maxBackoff = maxBackoff
        self.maxAttempts = maxAttempts
        self.timeout = timeout
    }

    /// The wait before the attempt that follows `attempts` failed ones.
    func backoff(after attempts: Int) -> Duration {
        var wait = self.firstBackoff
        for _ in 1..<max(1, attempts) where wait < self.maxBackoff { wait *= 2 }
        return min(wait, self.maxBackoff)
    }
}
