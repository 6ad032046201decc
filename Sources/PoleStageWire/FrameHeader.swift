public import NIOCore

/// The fixed 6-byte header of every frame: type (1 byte), flags (1 byte), stream id (4 bytes, big-endian).
public struct FrameHeader: Sendable, Equatable {
    /// Bytes in a header.
    public static let size = 6

    public var type: FrameType
    public var flags: FrameFlags
    public var streamID: StreamID

    public init(type: FrameType, flags: FrameFlags = [], streamID: StreamID) {
        self.type = type
        self.flags = flags
        self.streamID = streamID
    }
}

extension ByteBuffer {
    /// Writes a frame header at the writer index.
    @inlinable
    public mutating func writeFrameHeader(_ header: FrameHeader) {
        self.writeMultipleIntegers(header.type.rawValue, header.flags.rawValue, header.streamID.rawValue)
    }

    /// Writes a frame header at `index` without moving the writer index: fills the headroom that
    /// a serializer reserves in front of a serialized message.
    @inlinable
    public mutating func setFrameHeader(_ header: FrameHeader, at index: Int) {
        self.setInteger(header.type.rawValue, at: index)
        self.setInteger(header.flags.rawValue, at: index + 1)
        self.setInteger(header.streamID.rawValue, at: index + 2)
    }
}
