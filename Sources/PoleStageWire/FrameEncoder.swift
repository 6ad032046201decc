public import NIOCore
import SwiftProtobuf

/// Encodes ``Frame``s into the bytes of one binary WebSocket message each.
public enum FrameEncoder {
    /// Encodes a frame into a new buffer.
    public static func encode(_ frame: Frame, allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer: ByteBuffer
        switch frame {
        case .message(let id, let body, let flags):
            buffer = allocator.buffer(capacity: FrameHeader.size + body.readableBytes)
            buffer.writeFrameHeader(FrameHeader(type: .message, flags: flags, streamID: id))
            buffer.writeImmutableBuffer(body)
        case .halfClose(let id):
            buffer = allocator.buffer(capacity: FrameHeader.size)
            buffer.writeFrameHeader(FrameHeader(type: .halfClose, streamID: id))
        case .creditRequest(let id):
            buffer = allocator.buffer(capacity: FrameHeader.size)
            buffer.writeFrameHeader(FrameHeader(type: .creditRequest, streamID: id))
        case .windowUpdate(let id, let increment):
            buffer = allocator.buffer(capacity: FrameHeader.size + 4)
            buffer.writeFrameHeader(FrameHeader(type: .windowUpdate, streamID: id))
            buffer.writeInteger(increment)
        case .settings(let body):
            buffer = Self.encode(type: .settings, streamID: .connection, body: body, allocator: allocator)
        case .open(let id, let body):
            buffer = Self.encode(type: .open, streamID: id, body: body, allocator: allocator)
        case .headers(let id, let body):
            buffer = Self.encode(type: .headers, streamID: id, body: body, allocator: allocator)
        case .trailers(let id, let body):
            buffer = Self.encode(type: .trailers, streamID: id, body: body, allocator: allocator)
        case .reset(let id, let body):
            buffer = Self.encode(type: .reset, streamID: id, body: body, allocator: allocator)
        case .goAway(let body):
            buffer = Self.encode(type: .goAway, streamID: .connection, body: body, allocator: allocator)
        }
        return buffer
    }

    /// The bytes a BATCH adds to the frames it carries: its header, and one length per entry.
    public static func batchOverhead(entries: Int) -> Int {
        FrameHeader.size + 4 * entries
    }

    /// Encodes encoded frames as the entries of one BATCH message (`docs/protocol.md` §2, "Batches").
    ///
    /// - Parameter frames: Encoded frames, none of them a BATCH.
    public static func batch(
        _ frames: some Collection<ByteBuffer>,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> ByteBuffer {
        Self.batch(frames.lazy.map { OutboundFrame.encoded($0) }, allocator: allocator)
    }

    /// Encodes frames ready to go out as the entries of one BATCH message; shared bodies are copied into it directly.
    ///
    /// - Parameter frames: None of them a BATCH.
    public static func batch(
        _ frames: some Collection<OutboundFrame>,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> ByteBuffer {
        let size = frames.reduce(Self.batchOverhead(entries: frames.count)) { $0 + $1.size }
        var buffer = allocator.buffer(capacity: size)
        buffer.writeFrameHeader(FrameHeader(type: .batch, streamID: .connection))
        for frame in frames {
            buffer.writeInteger(UInt32(frame.size))
            frame.write(to: &buffer)
        }
        return buffer
    }

    private static func encode(
        type: FrameType,
        streamID: StreamID,
        body: some SwiftProtobuf.Message,
        allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        // Our envelope messages hold no required fields and no unknown extensions: serialization cannot fail.
        let bytes: [UInt8] = (try? body.serializedBytes()) ?? []
        var buffer = allocator.buffer(capacity: FrameHeader.size + bytes.count)
        buffer.writeFrameHeader(FrameHeader(type: type, streamID: streamID))
        buffer.writeBytes(bytes)
        return buffer
    }
}
