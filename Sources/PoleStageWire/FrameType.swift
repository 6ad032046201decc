/// The type of a PoleStage frame: the first byte of every binary WebSocket message.
///
/// See `docs/protocol.md`, "Frame types". Which side may send which type is enforced by the
/// connection, not by the codec.
public enum FrameType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Either side, first frame, stream 0: the sender's limits (``Settings``).
    case settings = 0x00
    /// Client to server: opens a stream (``OpenStream``: method path and metadata).
    case open = 0x01
    /// Server to client: the response's initial metadata (``ResponseHeaders``).
    case headers = 0x02
    /// Either side: one gRPC message, body as is.
    case message = 0x03
    /// Client to server: no more messages on this stream (empty body).
    case halfClose = 0x04
    /// Server to client: the final status (``Trailers``); ends the stream.
    case trailers = 0x05
    /// Either side: abandons the stream (``Reset``).
    case reset = 0x06
    /// Either side: grants more flow-control credit on a stream (4-byte big-endian increment).
    case windowUpdate = 0x07
    /// Server to client, stream 0: no new streams (``GoAway``).
    case goAway = 0x08
    /// Either side, stream 0: several frames in one message, each preceded by its length. Not a frame
    /// itself but their container: ``FrameDecoder/frames(in:)`` reads one, ``FrameEncoder/batch(_:)`` writes one.
    case batch = 0x09
    /// Server to client: the server waits for credit on this stream (empty body); see `docs/protocol.md` §7,
    /// "Credit requests".
    case creditRequest = 0x0A

    public var description: String {
        switch self {
        case .settings: "SETTINGS"
        case .open: "OPEN"
        case .headers: "HEADERS"
        case .message: "MESSAGE"
        case .halfClose: "HALF_CLOSE"
        case .trailers: "TRAILERS"
        case .reset: "RESET"
        case .windowUpdate: "WINDOW_UPDATE"
        case .goAway: "GOAWAY"
        case .batch: "BATCH"
        case .creditRequest: "CREDIT_REQUEST"
        }
    }

    /// Whether frames of this type belong to the connection (stream 0) rather than to one stream.
    public var isConnectionLevel: Bool {
        self == .settings || self == .goAway || self == .batch
    }
}
