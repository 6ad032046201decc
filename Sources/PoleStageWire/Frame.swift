public import NIOCore

/// One decoded PoleStage frame: the content of one binary WebSocket message.
///
/// MESSAGE bodies stay ``ByteBuffer`` slices of the received message: decoding copies no payload byte.
public enum Frame: Sendable, Equatable {
    case settings(Polestage_Wire_V1_Settings)
    case open(StreamID, Polestage_Wire_V1_OpenStream)
    case headers(StreamID, Polestage_Wire_V1_ResponseHeaders)
    case message(StreamID, ByteBuffer, flags: FrameFlags)
    case halfClose(StreamID)
    case trailers(StreamID, Polestage_Wire_V1_Trailers)
    case reset(StreamID, Polestage_Wire_V1_Reset)
    case windowUpdate(StreamID, increment: UInt32)
    case goAway(Polestage_Wire_V1_GoAway)
    case creditRequest(StreamID)

    /// The frame's type byte.
    public var type: FrameType {
        switch self {
        case .settings: .settings
        case .open: .open
        case .headers: .headers
        case .message: .message
        case .halfClose: .halfClose
        case .trailers: .trailers
        case .reset: .reset
        case .windowUpdate: .windowUpdate
        case .goAway: .goAway
        case .creditRequest: .creditRequest
        }
    }

    /// The stream the frame belongs to; ``StreamID/connection`` for SETTINGS and GOAWAY.
    public var streamID: StreamID {
        switch self {
        case .settings, .goAway: .connection
        case .open(let id, _), .headers(let id, _), .message(let id, _, _), .halfClose(let id),
            .trailers(let id, _), .reset(let id, _), .windowUpdate(let id, _), .creditRequest(let id):
            id
        }
    }
}

/// The names the generated envelope types are used under.
public typealias Settings = Polestage_Wire_V1_Settings
public typealias OpenStream = Polestage_Wire_V1_OpenStream
public typealias ResponseHeaders = Polestage_Wire_V1_ResponseHeaders
public typealias Trailers = Polestage_Wire_V1_Trailers
public typealias Reset = Polestage_Wire_V1_Reset
public typealias GoAway = Polestage_Wire_V1_GoAway
public typealias MetadataEntry = Polestage_Wire_V1_MetadataEntry
