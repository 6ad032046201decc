/// Why a binary WebSocket message is not a valid frame.
///
/// Every case but ``messageTooLarge(streamID:size:limit:)`` is a connection error: the receiver closes
/// the WebSocket with close code 1002 and ``description`` as the reason (`docs/protocol.md`, "Errors").
public enum FrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer bytes than the 6-byte header.
    case truncated(length: Int)
    /// A type byte this version does not define.
    case unknownType(UInt8)
    /// Flag bits this version does not define for the type.
    case unknownFlags(FrameType, UInt8)
    /// SETTINGS or GOAWAY on a stream other than 0, or a stream frame on stream 0.
    case invalidStreamID(FrameType, StreamID)
    /// The body does not decode as the type's body.
    case malformedBody(FrameType)
    /// A MESSAGE body over the receiver's limit. A stream error: the stream ends with RESOURCE_EXHAUSTED.
    case messageTooLarge(streamID: StreamID, size: Int, limit: Int)
    /// A BATCH received by a side whose SETTINGS announced `max_batch_size` 0.
    case batchNotAccepted
    /// A BATCH message larger than the receiver's `max_batch_size`.
    case batchTooLarge(size: Int, limit: Int)
    /// A BATCH with no entry.
    case emptyBatch
    /// A BATCH entry whose length is cut short, or runs past the end of the message.
    case truncatedBatchEntry
    /// A BATCH inside a BATCH.
    case nestedBatch

    public var description: String {
        switch self {
        case .truncated(let length):
            "truncated frame: \(length) bytes, the header alone is \(FrameHeader.size)"
        case .unknownType(let type):
            "unknown frame type \(Self.hex(type))"
        case .unknownFlags(let type, let flags):
            "unknown flags \(Self.hex(flags)) on \(type) frame"
        case .invalidStreamID(let type, let id):
            "\(type) frame on stream \(id)"
        case .malformedBody(let type):
            "malformed \(type) frame body"
        case .messageTooLarge(_, let size, let limit):
            "message of \(size) bytes exceeds the limit of \(limit) bytes"
        case .batchNotAccepted:
            "BATCH frames are not accepted (max_batch_size is 0)"
        case .batchTooLarge(let size, let limit):
            "BATCH of \(size) bytes exceeds max_batch_size \(limit)"
        case .emptyBatch:
            "BATCH frame with no entries"
        case .truncatedBatchEntry:
            "truncated BATCH entry"
        case .nestedBatch:
            "BATCH frames cannot be nested"
        }
    }

    /// `0x0A`-style: two uppercase hex digits.
    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count == 1 ? "0" + digits : digits)
    }
}
