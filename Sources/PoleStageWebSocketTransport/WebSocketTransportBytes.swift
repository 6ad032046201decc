public import GRPCCore
public import NIOCore
import PoleStageWire

/// The bytes of one gRPC message, held in a `ByteBuffer` with room for a frame header in front.
///
/// Serializers create messages through ``init(repeating:count:)``, which reserves
/// ``FrameHeader/size`` bytes before the message: the transport writes the MESSAGE header there and
/// sends the buffer as it is, without copying the message. Received messages are slices of the
/// WebSocket message they arrived in.
public struct WebSocketTransportBytes: GRPCContiguousBytes, Sendable, Hashable {
    /// The message's bytes: the readable bytes of the buffer.
    public var buffer: ByteBuffer

    public init(_ buffer: ByteBuffer) {
        self.buffer = buffer
    }

    public init(repeating byte: UInt8, count: Int) {
        var buffer = ByteBufferAllocator().buffer(capacity: FrameHeader.size + count)
        buffer.writeRepeatingByte(0, count: FrameHeader.size)
        buffer.writeRepeatingByte(byte, count: count)
        buffer.moveReaderIndex(forwardBy: FrameHeader.size)
        self.buffer = buffer
    }

    public init<Bytes: Sequence>(_ sequence: Bytes) where Bytes.Element == UInt8 {
        var buffer = ByteBufferAllocator().buffer(capacity: FrameHeader.size + sequence.underestimatedCount)
        buffer.writeRepeatingByte(0, count: FrameHeader.size)
        buffer.writeBytes(sequence)
        buffer.moveReaderIndex(forwardBy: FrameHeader.size)
        self.buffer = buffer
    }

    public var count: Int {
        self.buffer.readableBytes
    }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try self.buffer.withUnsafeReadableBytes(body)
    }

    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try self.buffer.withUnsafeMutableReadableBytes(body)
    }

    /// The bytes of a whole MESSAGE frame carrying this message: the header goes in the reserved room
    /// when there is some, else in front of a copy.
    func messageFrame(streamID: StreamID, flags: FrameFlags = []) -> ByteBuffer {
        let header = FrameHeader(type: .message, flags: flags, streamID: streamID)
        var buffer = self.buffer
        if buffer.readerIndex >= FrameHeader.size {
            let start = buffer.readerIndex - FrameHeader.size
            buffer.setFrameHeader(header, at: start)
            buffer.moveReaderIndex(to: start)
            return buffer
        }
        var framed = ByteBufferAllocator().buffer(capacity: FrameHeader.size + buffer.readableBytes)
        framed.writeFrameHeader(header)
        framed.writeImmutableBuffer(buffer)
        return framed
    }
}
