public import NIOCore

/// A frame ready to go out: its encoded bytes, or the header of a MESSAGE and a body that many streams share.
///
/// A shared body is copied only where the frame is written, into the BATCH it leaves in (or into a buffer of its own
/// when it leaves alone): a change the live feed writes to 10,000 subscribers is one `[UInt8]`, not 10,000 framed
/// copies of it that are then copied again into BATCHes.
public enum OutboundFrame: Sendable {
    case encoded(ByteBuffer)
    case sharedMessage(FrameHeader, body: [UInt8])

    /// The frame's size in bytes, header included.
    public var size: Int {
        switch self {
        case .encoded(let buffer): buffer.readableBytes
        case .sharedMessage(_, let body): FrameHeader.size + body.count
        }
    }

    /// The frame's bytes on their own, for a frame that leaves alone, outside a BATCH.
    public func bytes(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        switch self {
        case .encoded(let buffer):
            return buffer
        case .sharedMessage:
            var buffer = allocator.buffer(capacity: self.size)
            self.write(to: &buffer)
            return buffer
        }
    }

    /// Writes the frame's bytes at the buffer's writer index.
    func write(to buffer: inout ByteBuffer) {
        switch self {
        case .encoded(let frame):
            buffer.writeImmutableBuffer(frame)
        case .sharedMessage(let header, let body):
            buffer.writeFrameHeader(header)
            buffer.writeBytes(body)
        }
    }
}
