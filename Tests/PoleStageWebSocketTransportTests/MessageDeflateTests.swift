import NIOCore
import Testing

@testable import PoleStageWebSocketTransport

@Suite("permessage-deflate on the server")
struct MessageDeflateTests {
    static func deflate(threshold: Int = 16, maxInflatedSize: Int = 1 << 20) -> MessageDeflate {
        MessageDeflate(
            .init(windowBits: 12, level: 1, memoryLevel: 4, threshold: threshold, maxInflatedSize: maxInflatedSize)
        )
    }

    @Test("a message deflates without the sync flush's tail and inflates back, message after message")
    func roundTrip() throws {
        let deflate = Self.deflate()
        for size in [16, 1_000, 100_000] {
            let message = ByteBuffer(bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0 * 7 % 251) })
            let (bytes, compressed) = try deflate.deflate(message)
            #expect(compressed)
            #expect(!bytes.readableBytesView.suffix(4).elementsEqual([0x00, 0x00, 0xFF, 0xFF]))
            #expect(try deflate.inflate(bytes) == message)
        }
    }

    @Test("a message under the threshold goes as it is")
    func underThreshold() throws {
        let message = ByteBuffer(string: "short")
        let (bytes, compressed) = try Self.deflate(threshold: 64).deflate(message)
        #expect(!compressed)
        #expect(bytes == message)
    }

    @Test("a message that inflates past the cap is refused, and the next one still inflates")
    func cap() throws {
        let deflate = Self.deflate(maxInflatedSize: 1_000)
        let (bomb, _) = try Self.deflate().deflate(ByteBuffer(repeating: 0, count: 1_000_000))
        #expect(bomb.readableBytes < 10_000)  // a bomb: 200 times smaller than what it inflates to
        #expect(throws: MessageDeflate.InflateError.tooLarge) { try deflate.inflate(bomb) }
        let (small, _) = try deflate.deflate(ByteBuffer(repeating: 1, count: 500))
        #expect(try deflate.inflate(small) == ByteBuffer(repeating: 1, count: 500))
    }

    @Test("bytes that are not deflate data are refused as corrupt")
    func corrupt() {
        #expect(throws: MessageDeflate.InflateError.corrupt) {
            try Self.deflate().inflate(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x12, 0x34]))
        }
    }
}
