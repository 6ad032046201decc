/// gRPC over one WebSocket per client: GRPCCore transports speaking `docs/protocol.md`.
///
/// ``WebSocketTransport/Server`` runs behind a Hummingbird WebSocket route and hands each stream
/// to a `GRPCServer`; ``WebSocketTransport/Client`` multiplexes a `GRPCClient`'s streams on one
/// WebSocket.
public enum WebSocketTransport {
    /// The WebSocket subprotocol (`Sec-WebSocket-Protocol`) this version of the protocol is named by.
    public static let subprotocol = "polestage.grpc.v1"

    /// The protocol version carried in SETTINGS.
    public static let protocolVersion: UInt32 = 1

    /// The flow-control window each side assumes for its peer until the peer's SETTINGS arrive.
    public static let defaultWindowSize = 256 * 1024

    /// The largest message each side may send its peer until the peer's SETTINGS arrive.
    public static let defaultMaxMessageSize = 4 * 1024 * 1024

    /// The largest BATCH the Swift peers accept unless configured otherwise (`docs/protocol.md` §2, "Batches").
    public static let defaultMaxBatchSize = 64 * 1024
}
