public import NIOCore
import SwiftProtobuf

/// Decodes binary WebSocket messages into ``Frame``s.
///
/// The body's length is checked against ``maxMessageSize`` before a MESSAGE body is handed on, and
/// a MESSAGE body is a slice of the input: no payload byte is copied.
public struct FrameDecoder: Sendable {
    /// The largest MESSAGE body accepted, in bytes.
    public var maxMessageSize: Int
    /// The largest BATCH message accepted, in bytes, as this side's SETTINGS announce it; 0 refuses every BATCH.
    public var maxBatchSize: Int

    public init(maxMessageSize: Int, maxBatchSize: Int = 0) {
        self.maxMessageSize = maxMessageSize
        self.maxBatchSize = maxBatchSize
    }

    /// Decodes one frame from the bytes of one frame: a whole binary WebSocket message, or one BATCH entry.
    ///
    /// A BATCH is a container of frames, not a frame: ``frames(in:)`` reads messages that may be one.
    ///
    /// - Parameter buffer: The frame's bytes; consumed.
    /// - Throws: ``FrameError``, ``FrameError/nestedBatch`` for a BATCH. All cases but
    ///   ``FrameError/messageTooLarge(streamID:size:limit:)`` are connection errors.
    public func decode(_ buffer: inout ByteBuffer) throws(FrameError) -> Frame {
        guard let (typeByte, flagsByte, rawID) = buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt32).self) else {
            throw .truncated(length: buffer.readableBytes)
        }
        guard let type = FrameType(rawValue: typeByte) else {
            throw .unknownType(typeByte)
        }
        let flags = FrameFlags(rawValue: flagsByte)
        let allowed: FrameFlags = type == .message ? .known : []
        guard allowed.isSuperset(of: flags) else {
            throw .unknownFlags(type, flagsByte)
        }
        let streamID = StreamID(rawID)
        guard type.isConnectionLevel == (streamID == .connection) else {
            throw .invalidStreamID(type, streamID)
        }

        switch type {
        case .message:
            let size = buffer.readableBytes
            guard size <= self.maxMessageSize else {
                throw .messageTooLarge(streamID: streamID, size: size, limit: self.maxMessageSize)
            }
            // Proven above: `size` bytes are readable.
            let body = buffer.readSlice(length: size)!
            return .message(streamID, body, flags: flags)
        case .halfClose:
            guard buffer.readableBytes == 0 else { throw .malformedBody(type) }
            return .halfClose(streamID)
        case .creditRequest:
            guard buffer.readableBytes == 0 else { throw .malformedBody(type) }
            return .creditRequest(streamID)
        case .windowUpdate:
            guard buffer.readableBytes == 4, let increment = buffer.readInteger(as: UInt32.self), increment > 0 else {
                throw .malformedBody(type)
            }
            return .windowUpdate(streamID, increment: increment)
        case .settings:
            return .settings(try Self.body(of: type, from: &buffer))
        case .open:
            return .open(streamID, try Self.body(of: type, from: &buffer))
        case .headers:
            return .headers(streamID, try Self.body(of: type, from: &buffer))
        case .trailers:
            return .trailers(streamID, try Self.body(of: type, from: &buffer))
        case .reset:
            return .reset(streamID, try Self.body(of: type, from: &buffer))
        case .goAway:
            return .goAway(try Self.body(of: type, from: &buffer))
        case .batch:
            throw .nestedBatch
        }
    }

    private static func body<M: SwiftProtobuf.Message>(
        of type: FrameType,
        from buffer: inout ByteBuffer
    ) throws(FrameError) -> M {
        do {
            let message = try M(serializedBytes: ProtobufBytes(buffer: buffer))
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return message
        } catch {
            throw .malformedBody(type)
        }
    }
}

/// A `ByteBuffer` as SwiftProtobuf reads bytes: decoding a control frame's body copies nothing.
private struct ProtobufBytes: SwiftProtobufContiguousBytes {
    var buffer: ByteBuffer

    init(buffer: ByteBuffer) {
        self.buffer = buffer
    }

    init(repeating byte: UInt8, count: Int) {
        self.buffer = ByteBuffer(repeating: byte, count: count)
    }

    init<S: Sequence>(_ sequence: S) where S.Element == UInt8 {
        self.buffer = ByteBuffer(bytes: sequence)
    }

    var count: Int { self.buffer.readableBytes }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try self.buffer.withUnsafeReadableBytes(body)
    }

    mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try self.buffer.withUnsafeMutableReadableBytes(body)
    }
}
