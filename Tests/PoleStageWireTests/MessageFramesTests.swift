import NIOCore
import PoleStageWire
import Testing

/// Reading the frames of one message: a lone frame, or the entries of a BATCH (docs/protocol.md §2, "Batches").
@Suite("Message frames")
struct MessageFramesTests {
    static let entries: [Frame] = [
        .message(StreamID(1), ByteBuffer(repeating: 1, count: 5), flags: []),
        .halfClose(StreamID(3)),
        .windowUpdate(StreamID(5), increment: 9),
    ]

    static func decodeAll(_ message: ByteBuffer, _ decoder: FrameDecoder) throws(FrameError) -> [Frame] {
        var frames = try decoder.frames(in: message)
        var decoded: [Frame] = []
        while let frame = try frames.next() { decoded.append(frame) }
        return decoded
    }

    @Test("a lone frame is one frame; a BATCH is its entries, in order")
    func entriesInOrder() throws {
        let decoder = FrameDecoder(maxMessageSize: 64, maxBatchSize: 1024)
        #expect(try Self.decodeAll(FrameEncoder.encode(Self.entries[0]), decoder) == [Self.entries[0]])
        let batch = FrameEncoder.batch(Self.entries.map { FrameEncoder.encode($0) })
        #expect(batch.readableBytes == FrameEncoder.batchOverhead(entries: 3) + 11 + 6 + 10)
        #expect(try Self.decodeAll(batch, decoder) == Self.entries)
    }

    @Test("a shared MESSAGE body is framed where it is written: alone, or in a BATCH beside encoded frames")
    func sharedMessageBodies() throws {
        let decoder = FrameDecoder(maxMessageSize: 64, maxBatchSize: 1024)
        let body: [UInt8] = [1, 1, 1, 1, 1]
        let shared = OutboundFrame.sharedMessage(FrameHeader(type: .message, streamID: StreamID(1)), body: body)
        #expect(shared.size == 11)
        #expect(shared.bytes() == FrameEncoder.encode(Self.entries[0]))
        let frames: [OutboundFrame] = [
            shared,
            .encoded(FrameEncoder.encode(Self.entries[1])),
            .sharedMessage(FrameHeader(type: .message, flags: .endStream, streamID: StreamID(9)), body: body),
        ]
        let batch = FrameEncoder.batch(frames)
        #expect(batch.readableBytes == FrameEncoder.batchOverhead(entries: 3) + 11 + 6 + 11)
        #expect(
            try Self.decodeAll(batch, decoder) == [
                Self.entries[0], Self.entries[1],
                .message(StreamID(9), ByteBuffer(bytes: body), flags: .endStream),
            ]
        )
    }

    @Test("a side that announced max_batch_size 0 refuses every BATCH, whatever it holds")
    func notAccepted() {
        let batch = FrameEncoder.batch(Self.entries.map { FrameEncoder.encode($0) })
        let error = #expect(throws: FrameError.self) {
            try Self.decodeAll(batch, FrameDecoder(maxMessageSize: 64))
        }
        #expect(error?.description == "BATCH frames are not accepted (max_batch_size is 0)")
    }

    @Test("a BATCH is accepted up to max_batch_size bytes, header and lengths included")
    func sizeLimit() throws {
        let batch = FrameEncoder.batch(Self.entries.map { FrameEncoder.encode($0) })
        let size = batch.readableBytes
        #expect(try Self.decodeAll(batch, FrameDecoder(maxMessageSize: 64, maxBatchSize: size)) == Self.entries)
        let error = #expect(throws: FrameError.self) {
            try Self.decodeAll(batch, FrameDecoder(maxMessageSize: 64, maxBatchSize: size - 1))
        }
        #expect(error?.description == "BATCH of \(size) bytes exceeds max_batch_size \(size - 1)")
    }

    @Test("a MESSAGE over the limit in a BATCH is a stream error: the entries after it are still read")
    func streamErrorInBatch() throws {
        let large = Frame.message(StreamID(7), ByteBuffer(repeating: 2, count: 65), flags: [])
        let batch = FrameEncoder.batch([large, Self.entries[1]].map { FrameEncoder.encode($0) })
        var frames = try FrameDecoder(maxMessageSize: 64, maxBatchSize: 1024).frames(in: batch)
        let error = #expect(throws: FrameError.self) { try frames.next() }
        #expect(error == .messageTooLarge(streamID: StreamID(7), size: 65, limit: 64))
        #expect(try frames.next() == Self.entries[1])
        #expect(try frames.next() == nil)
    }

    @Test("after a connection error in a BATCH nothing more is read")
    func connectionErrorEndsBatch() throws {
        var bad = FrameEncoder.encode(.halfClose(StreamID(1)))
        bad.writeInteger(UInt8(0))  // HALF_CLOSE with a body
        let batch = FrameEncoder.batch([
            FrameEncoder.encode(Self.entries[0]), bad, FrameEncoder.encode(Self.entries[1]),
        ])
        var frames = try FrameDecoder(maxMessageSize: 64, maxBatchSize: 1024).frames(in: batch)
        #expect(try frames.next() == Self.entries[0])
        let error = #expect(throws: FrameError.self) { try frames.next() }
        #expect(error == .malformedBody(.halfClose))
        #expect(try frames.next() == nil)
    }

    @Test("decode(_:) reads frames, not BATCH containers")
    func decodeRefusesBatch() {
        var batch = FrameEncoder.batch([FrameEncoder.encode(Self.entries[1])])
        let error = #expect(throws: FrameError.self) {
            try FrameDecoder(maxMessageSize: 64, maxBatchSize: 1024).decode(&batch)
        }
        #expect(error == .nestedBatch)
    }

    @Test("a MESSAGE body in a BATCH is a slice of the received bytes, not a copy")
    func bodyIsSlice() throws {
        let message = Frame.message(StreamID(1), ByteBuffer(repeating: 1, count: 64), flags: [])
        let batch = FrameEncoder.batch([FrameEncoder.encode(message)])
        var frames = try FrameDecoder(maxMessageSize: 1024, maxBatchSize: 1024).frames(in: batch)
        guard case .message(_, let body, _) = try frames.next() else {
            Issue.record("not a message")
            return
        }
        let offset = FrameEncoder.batchOverhead(entries: 1) + FrameHeader.size
        let sameStorage = body.withUnsafeReadableBytes { bodyBytes in
            batch.withUnsafeReadableBytes { batchBytes in
                bodyBytes.baseAddress == batchBytes.baseAddress.map { $0 + offset }
            }
        }
        #expect(sameStorage)
    }
}
