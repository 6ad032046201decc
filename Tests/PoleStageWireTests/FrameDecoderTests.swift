import NIOCore
import PoleStageWire
import Testing

@Suite("Frame decoder")
struct FrameDecoderTests {
    @Test("a MESSAGE body over the limit is a stream error naming its size and the limit")
    func messageTooLarge() throws {
        var buffer = FrameEncoder.encode(.message(StreamID(3), ByteBuffer(repeating: 7, count: 11), flags: []))
        let error = #expect(throws: FrameError.self) {
            try FrameDecoder(maxMessageSize: 10).decode(&buffer)
        }
        #expect(error == .messageTooLarge(streamID: StreamID(3), size: 11, limit: 10))
        #expect(error?.description == "message of 11 bytes exceeds the limit of 10 bytes")
    }

    @Test("a MESSAGE body at the limit is accepted")
    func messageAtLimit() throws {
        var buffer = FrameEncoder.encode(
            .message(StreamID(3), ByteBuffer(repeating: 7, count: 10), flags: [.endStream])
        )
        let frame = try FrameDecoder(maxMessageSize: 10).decode(&buffer)
        #expect(frame == .message(StreamID(3), ByteBuffer(repeating: 7, count: 10), flags: [.endStream]))
    }

    @Test("a MESSAGE body is a slice of the received bytes, not a copy")
    func messageIsSlice() throws {
        var buffer = FrameEncoder.encode(.message(StreamID(1), ByteBuffer(repeating: 1, count: 64), flags: []))
        let received = buffer
        guard case .message(_, let body, _) = try FrameDecoder(maxMessageSize: 1024).decode(&buffer) else {
            Issue.record("not a message")
            return
        }
        let sameStorage = body.withUnsafeReadableBytes { bodyBytes in
            received.withUnsafeReadableBytes { receivedBytes in
                bodyBytes.baseAddress == receivedBytes.baseAddress.map { $0 + FrameHeader.size }
            }
        }
        #expect(sameStorage)
    }

    @Test("every prefix shorter than a header is truncated", arguments: 0..<FrameHeader.size)
    func truncated(length: Int) {
        var buffer = ByteBuffer(repeating: 0, count: length)
        let error = #expect(throws: FrameError.self) {
            try FrameDecoder(maxMessageSize: 10).decode(&buffer)
        }
        #expect(error == .truncated(length: length))
    }
}
