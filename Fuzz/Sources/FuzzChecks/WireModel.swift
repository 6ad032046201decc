import NIOCore
import PoleStageWire
import SwiftProtobuf

/// What `docs/protocol.md` (§2 "Frame layout", rules 1 to 5, and §3 "Frame bodies") says a receiver makes of
/// one binary WebSocket message, written from the document rather than from ``FrameDecoder``.
///
/// The fuzzers compare the decoder with it on every input: same frame, or same ``FrameError``.
enum WireModel {
    /// Type, flags, stream id.
    static let headerSize = 6
    /// The highest type code of protocol version 1 (CREDIT_REQUEST).
    static let highestType: UInt8 = 0x0A
    /// BATCH's type code.
    static let batchType: UInt8 = 0x09
    /// The only flag bit: END_STREAM, on MESSAGE only.
    static let endStream: UInt8 = 0x01

    /// The frame or error `bytes` must decode to, for a receiver whose limit is `maxMessageSize`.
    static func expectedDecoding(of bytes: [UInt8], maxMessageSize: Int) -> Result<Frame, FrameError> {
        // Rule 1: at least the header.
        guard bytes.count >= Self.headerSize else {
            return .failure(.truncated(length: bytes.count))
        }
        // Rule 2: one of the eleven types.
        let typeByte = bytes[0]
        guard typeByte <= Self.highestType else {
            return .failure(.unknownType(typeByte))
        }
        guard let type = FrameType(rawValue: typeByte) else {
            violated("FrameType has every type of docs/protocol.md §2", "no case for \(typeByte)")
        }
        // Rule 3: only MESSAGE may carry a flag, and only END_STREAM.
        let flags = bytes[1]
        let allowedFlags: UInt8 = type == .message ? Self.endStream : 0
        guard flags & ~allowedFlags == 0 else {
            return .failure(.unknownFlags(type, flags))
        }
        // Rule 4: SETTINGS, GOAWAY and BATCH on stream 0, every other type on a non-zero stream.
        let rawID = bytes[2...5].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let streamID = StreamID(rawID)
        let onConnection = type == .settings || type == .goAway || type == .batch
        guard onConnection == (rawID == 0) else {
            return .failure(.invalidStreamID(type, streamID))
        }
        // Rule 5: the body is valid for the type.
        let body = Array(bytes[Self.headerSize...])
        switch type {
        case .message:
            guard body.count <= maxMessageSize else {
                return .failure(.messageTooLarge(streamID: streamID, size: body.count, limit: maxMessageSize))
            }
            return .success(.message(streamID, ByteBuffer(bytes: body), flags: FrameFlags(rawValue: flags)))
        case .halfClose:
            guard body.isEmpty else { return .failure(.malformedBody(type)) }
            return .success(.halfClose(streamID))
        case .creditRequest:
            guard body.isEmpty else { return .failure(.malformedBody(type)) }
            return .success(.creditRequest(streamID))
        case .windowUpdate:
            let increment = body.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard body.count == 4, increment > 0 else { return .failure(.malformedBody(type)) }
            return .success(.windowUpdate(streamID, increment: increment))
        case .settings:
            return Self.protobuf(body, type).map { .settings($0) }
        case .open:
            return Self.protobuf(body, type).map { .open(streamID, $0) }
        case .headers:
            return Self.protobuf(body, type).map { .headers(streamID, $0) }
        case .trailers:
            return Self.protobuf(body, type).map { .trailers(streamID, $0) }
        case .reset:
            return Self.protobuf(body, type).map { .reset(streamID, $0) }
        case .goAway:
            return Self.protobuf(body, type).map { .goAway($0) }
        case .batch:
            // One frame's bytes: a BATCH can only be a message of its own, never an entry.
            return .failure(.nestedBatch)
        }
    }

    /// What a receiver whose limits are `maxMessageSize` and `maxBatchSize` makes of one whole message
    /// (§2, "Batches"): the result of each frame in order, up to and including the first connection error.
    static func expectedFrames(
        of bytes: [UInt8],
        maxMessageSize: Int,
        maxBatchSize: Int
    ) -> [Result<Frame, FrameError>] {
        guard bytes.count >= Self.headerSize, bytes[0] == Self.batchType else {
            return [Self.expectedDecoding(of: bytes, maxMessageSize: maxMessageSize)]
        }
        // Rules 3 and 4 for the BATCH itself, then its own rules in the documented order.
        guard bytes[1] == 0 else { return [.failure(.unknownFlags(.batch, bytes[1]))] }
        let rawID = bytes[2...5].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard rawID == 0 else { return [.failure(.invalidStreamID(.batch, StreamID(rawID)))] }
        guard maxBatchSize > 0 else { return [.failure(.batchNotAccepted)] }
        guard bytes.count <= maxBatchSize else {
            return [.failure(.batchTooLarge(size: bytes.count, limit: maxBatchSize))]
        }
        guard bytes.count > Self.headerSize else { return [.failure(.emptyBatch)] }
        var results: [Result<Frame, FrameError>] = []
        var offset = Self.headerSize
        while offset < bytes.count {
            guard bytes.count - offset >= 4 else { return results + [.failure(.truncatedBatchEntry)] }
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            offset += 4
            guard length <= bytes.count - offset else { return results + [.failure(.truncatedBatchEntry)] }
            let entry = Array(bytes[offset..<offset + length])
            offset += length
            if entry.first == Self.batchType { return results + [.failure(.nestedBatch)] }
            let result = Self.expectedDecoding(of: entry, maxMessageSize: maxMessageSize)
            results.append(result)
            if case .failure(let error) = result, !error.isStreamError { return results }
        }
        return results
    }

    /// A control body parsed by SwiftProtobuf from a plain array, not through the decoder's `ByteBuffer` view.
    private static func protobuf<M: SwiftProtobuf.Message>(_ body: [UInt8], _ type: FrameType) -> Result<M, FrameError>
    {
        do {
            return .success(try M(serializedBytes: body))
        } catch {
            return .failure(.malformedBody(type))
        }
    }
}

extension FrameError {
    /// Only a MESSAGE over the limit leaves the connection, and the rest of a BATCH, to be read.
    var isStreamError: Bool {
        if case .messageTooLarge = self { return true }
        return false
    }
}
