public import NIOCore

extension FrameDecoder {
    /// The frames of one whole binary WebSocket message: the message itself, or each entry of a BATCH,
    /// in order (`docs/protocol.md` §2, "Batches").
    ///
    /// - Throws: the errors of the BATCH itself (flags, stream, ``maxBatchSize``, no entry); errors of
    ///   its entries come from ``MessageFrames/next()``, entry by entry.
    public func frames(in message: ByteBuffer) throws(FrameError) -> MessageFrames {
        guard message.readableBytes >= FrameHeader.size,
            let (typeByte, flags, rawID) = message.getMultipleIntegers(
                at: message.readerIndex,
                as: (UInt8, UInt8, UInt32).self
            ),
            typeByte == FrameType.batch.rawValue
        else {
            return MessageFrames(remaining: message, decoder: self, isBatch: false)
        }
        guard flags == 0 else { throw .unknownFlags(.batch, flags) }
        guard rawID == 0 else { throw .invalidStreamID(.batch, StreamID(rawID)) }
        guard self.maxBatchSize > 0 else { throw .batchNotAccepted }
        guard message.readableBytes <= self.maxBatchSize else {
            throw .batchTooLarge(size: message.readableBytes, limit: self.maxBatchSize)
        }
        guard message.readableBytes > FrameHeader.size else { throw .emptyBatch }
        return MessageFrames(
            remaining: message.getSlice(
                at: message.readerIndex + FrameHeader.size,
                length: message.readableBytes - FrameHeader.size
            )!,
            decoder: self,
            isBatch: true
        )
    }
}

/// The frames of one binary WebSocket message, decoded one at a time by ``next()``.
///
/// After ``FrameError/messageTooLarge(streamID:size:limit:)`` (a stream error) the next entry can still be
/// read; after any other error the connection closes and nothing more should be read.
public struct MessageFrames: Sendable {
    private var remaining: ByteBuffer
    private let decoder: FrameDecoder
    private let isBatch: Bool
    private var finished = false

    init(remaining: ByteBuffer, decoder: FrameDecoder, isBatch: Bool) {
        self.remaining = remaining
        self.decoder = decoder
        self.isBatch = isBatch
    }

    /// The next frame, `nil` after the last. A MESSAGE body is a slice of the message: nothing is copied.
    public mutating func next() throws(FrameError) -> Frame? {
        guard !self.finished else { return nil }
        guard self.isBatch else {
            self.finished = true
            return try self.decoder.decode(&self.remaining)
        }
        guard self.remaining.readableBytes > 0 else {
            self.finished = true
            return nil
        }
        guard let length = self.remaining.readInteger(as: UInt32.self),
            var entry = self.remaining.readSlice(length: Int(length))
        else {
            self.finished = true
            throw .truncatedBatchEntry
        }
        if entry.readableBytes > 0, entry.getInteger(at: entry.readerIndex, as: UInt8.self) == FrameType.batch.rawValue
        {
            self.finished = true
            throw .nestedBatch
        }
        do {
            return try self.decoder.decode(&entry)
        } catch {
            if case .messageTooLarge = error {} else { self.finished = true }
            throw error
        }
    }
}
