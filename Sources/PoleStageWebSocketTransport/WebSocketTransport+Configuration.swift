/// Limits and timers of one side of a PoleStage WebSocket connection.
///
/// Both sides announce ``maxMessageSize`` and ``initialWindowSize`` in their SETTINGS frame; the server
/// also announces ``maxConcurrentStreams``.
public struct WebSocketTransportConfiguration: Sendable {
    /// The largest gRPC message accepted, in bytes. A larger one ends its stream with RESOURCE_EXHAUSTED.
    public var maxMessageSize: Int
    /// Streams the peer may have open at once on one WebSocket (server side). One more is refused
    /// with RESOURCE_EXHAUSTED.
    public var maxConcurrentStreams: Int
    /// Flow-control credit, in bytes, granted to the peer per stream.
    public var initialWindowSize: Int
    /// How often a WebSocket ping is sent; a peer that misses a pong for as long is closed
    /// (1001, "Ping timeout"). `nil` disables pings.
    public var pingInterval: Duration?
    /// A connection with no open stream for this long is closed (1001, "idle timeout"). `nil` keeps it.
    public var idleTimeout: Duration?
    /// Whether permessage-deflate is offered (client) or accepted (server).
    public var compression: Bool
    /// Messages shorter than this many bytes are sent uncompressed even when permessage-deflate is on:
    /// deflating every small message costs more CPU than it saves on the wire (measured in
    /// `Benchmarks/`: deflating 1 KiB messages halved streaming throughput).
    public var compressionThreshold: Int
    /// The deflate window this side compresses with, in bits (8 to 15), announced as `server_max_window_bits` or
    /// `client_max_window_bits`: zlib keeps twice this window per connection. 12 (4 KiB) is enough for our messages,
    /// whose repetitions (one offer's fields after another's) sit within a few hundred bytes.
    public var compressionWindowBits: Int
    /// zlib's `memLevel` (1 to 9) for compressing: its hash table, which zlib clears at every reset, is
    /// `2^(memLevel + 8)` bytes per connection; 4 (4 KiB) rather than zlib's 8 (64 KiB) keeps an idle connection small.
    public var compressionMemoryLevel: Int
    /// zlib's compression level (1 to 9). 1, the fastest: a fan-out to 10,000 subscribers deflates the BATCHes of
    /// every connection for each change, and zlib's default (6) cost about 7 % more CPU per subscriber and change there
    /// (`DomainBenchmarks fanout`) for little gain on protobuf messages.
    public var compressionLevel: Int
    /// The largest message sent inline in an OPEN (a unary or server-streaming request) or a TRAILERS
    /// (a unary or client-streaming response), saving a frame per call; larger ones go as MESSAGE frames.
    public var inlineMessageLimit: Int
    /// How long to wait for the peer's close frame.
    public var closeTimeout: Duration
    /// The largest BATCH message (several frames in one WebSocket message) accepted, announced in SETTINGS as
    /// `max_batch_size`; 0 refuses them. What this side sends is bounded by the peer's announcement.
    public var maxBatchSize: Int
    /// Whether this side announces credit requests in its SETTINGS (`docs/protocol.md` §7, "Credit requests"). A
    /// client that does gives credit back only at half the window or when the server asks, once the server announced
    /// them too: a subscriber no longer answers every event with a WINDOW_UPDATE. A server that does asks such a
    /// client for credit when it waits for some.
    public var creditRequests: Bool

    /// The largest WebSocket message read at all, compressed or inflated: twice ``maxMessageSize`` plus
    /// room for a frame header. Past it the connection closes with 1009 (message too big); between
    /// ``maxMessageSize`` and it, only the stream fails (RESOURCE_EXHAUSTED).
    public var maxWebSocketMessageSize: Int {
        2 * self.maxMessageSize + 1024
    }

    public init(
        maxMessageSize: Int = WebSocketTransport.defaultMaxMessageSize,
        maxConcurrentStreams: Int = 128,
        initialWindowSize: Int = WebSocketTransport.defaultWindowSize,
        pingInterval: Duration? = .seconds(20),
        idleTimeout: Duration? = .seconds(600),
        compression: Bool = true,
        compressionThreshold: Int = 4096,
        compressionWindowBits: Int = 12,
        compressionMemoryLevel: Int = 4,
        compressionLevel: Int = 1,
        inlineMessageLimit: Int = 16 * 1024,
        closeTimeout: Duration = .seconds(5),
        maxBatchSize: Int = WebSocketTransport.defaultMaxBatchSize,
        creditRequests: Bool = true
    ) {
        self.maxMessageSize = maxMessageSize
        self.maxConcurrentStreams = maxConcurrentStreams
        self.initialWindowSize = initialWindowSize
        self.pingInterval = pingInterval
        self.idleTimeout = idleTimeout
        self.compression = compression
        self.compressionThreshold = compressionThreshold
        self.compressionWindowBits = compressionWindowBits
        self.compressionMemoryLevel = compressionMemoryLevel
        self.compressionLevel = compressionLevel
        self.inlineMessageLimit = inlineMessageLimit
        self.closeTimeout = closeTimeout
        self.maxBatchSize = maxBatchSize
        self.creditRequests = creditRequests
    }
}
