import Foundation
import NIOCore
import PoleStageWire
import Testing

/// The frames of `GoldenVectors/frames.json`, written by an independent encoder
/// (`scripts/generate-golden-vectors.py`), decode to what they describe and encode back byte for byte.
@Suite("Golden vectors")
struct GoldenVectorTests {
    struct Vectors: Decodable {
        struct Valid: Decodable {
            var name: String
            var hex: String
            var frame: JSONFrame
        }
        struct Invalid: Decodable {
            var name: String
            var hex: String
            var reason: String
        }
        var frames: [Valid]
        var invalid: [Invalid]
    }

    /// The JSON description of a frame: every field any type uses.
    struct JSONFrame: Decodable {
        struct Entry: Decodable {
            var key: String
            var ascii_value: String?
            var binary_value_hex: String?
        }
        var type: String
        var flags: UInt8
        var stream_id: UInt32
        var version: UInt32?
        var max_message_size: UInt32?
        var max_concurrent_streams: UInt32?
        var initial_window_size: UInt32?
        var max_batch_size: UInt32?
        var credit_requests: Bool?
        var frames: [JSONFrame]?
        var method: String?
        var metadata: [Entry]?
        var body_hex: String?
        var code: UInt32?
        var message: String?
        var increment: UInt32?
        var last_stream_id: UInt32?
        var request_message_hex: String?
        var response_message_hex: String?
    }

    static let vectors: Vectors = {
        let url = Bundle.module.url(forResource: "frames", withExtension: "json", subdirectory: "GoldenVectors")!
        return try! JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
    }()

    static var validNames: [String] { Self.vectors.frames.map(\.name) }
    static var invalidNames: [String] { Self.vectors.invalid.map(\.name) }

    @Test("every frame type has a vector")
    func coversEveryType() {
        let types = Set(Self.vectors.frames.map(\.frame.type))
        #expect(types == Set(FrameType.allCases.map(\.description)))
    }

    /// A receiver as the vectors assume it: `max_batch_size` 65536 (docs/protocol.md §12).
    static let decoder = FrameDecoder(maxMessageSize: 1 << 20, maxBatchSize: 65536)

    @Test("a vector decodes to what it describes and encodes back to its bytes", arguments: Self.validNames)
    func roundTrip(name: String) throws {
        let vector = try #require(Self.vectors.frames.first { $0.name == name })
        let message = ByteBuffer(bytes: try #require(Array(hex: vector.hex)))
        var frames = try Self.decoder.frames(in: message)
        var decoded: [Frame] = []
        while let frame = try frames.next() { decoded.append(frame) }

        let encoded: ByteBuffer
        if vector.frame.type == "BATCH" {
            #expect(decoded == (try (vector.frame.frames ?? []).map(Self.expectedFrame)))
            encoded = FrameEncoder.batch(decoded.map { FrameEncoder.encode($0) })
        } else {
            #expect(decoded == [try Self.expectedFrame(vector.frame)])
            encoded = FrameEncoder.encode(try #require(decoded.first))
        }
        #expect(Array(encoded.readableBytesView).hexString == vector.hex)
    }

    @Test("an invalid message is refused with the documented reason", arguments: Self.invalidNames)
    func invalid(name: String) throws {
        let vector = try #require(Self.vectors.invalid.first { $0.name == name })
        let message = ByteBuffer(bytes: try #require(Array(hex: vector.hex)))
        let error = #expect(throws: FrameError.self) {
            var frames = try Self.decoder.frames(in: message)
            while try frames.next() != nil {}
        }
        #expect(error?.description == vector.reason)
    }

    /// Builds the expected frame from its JSON description, independently of the codec.
    static func expectedFrame(_ json: JSONFrame) throws -> Frame {
        let id = StreamID(json.stream_id)
        func entries() -> [MetadataEntry] {
            (json.metadata ?? []).map { entry in
                var wire = MetadataEntry()
                wire.key = entry.key
                if let ascii = entry.ascii_value {
                    wire.asciiValue = ascii
                } else if let hex = entry.binary_value_hex {
                    wire.binaryValue = Data(Array(hex: hex) ?? [])
                }
                return wire
            }
        }
        switch json.type {
        case "SETTINGS":
            var settings = Settings()
            settings.version = json.version ?? 0
            settings.maxMessageSize = json.max_message_size ?? 0
            settings.maxConcurrentStreams = json.max_concurrent_streams ?? 0
            settings.initialWindowSize = json.initial_window_size ?? 0
            settings.maxBatchSize = json.max_batch_size ?? 0
            settings.creditRequests = json.credit_requests ?? false
            return .settings(settings)
        case "OPEN":
            var open = OpenStream()
            open.method = json.method ?? ""
            open.metadata = entries()
            if let hex = json.request_message_hex { open.requestMessage = Data(Array(hex: hex) ?? []) }
            return .open(id, open)
        case "HEADERS":
            var headers = ResponseHeaders()
            headers.metadata = entries()
            return .headers(id, headers)
        case "MESSAGE":
            return .message(
                id,
                ByteBuffer(bytes: Array(hex: json.body_hex ?? "") ?? []),
                flags: FrameFlags(rawValue: json.flags)
            )
        case "HALF_CLOSE":
            return .halfClose(id)
        case "CREDIT_REQUEST":
            return .creditRequest(id)
        case "TRAILERS":
            var trailers = Trailers()
            trailers.code = json.code ?? 0
            trailers.message = json.message ?? ""
            trailers.metadata = entries()
            if let hex = json.response_message_hex { trailers.responseMessage = Data(Array(hex: hex) ?? []) }
            return .trailers(id, trailers)
        case "RESET":
            var reset = Reset()
            reset.code = json.code ?? 0
            reset.message = json.message ?? ""
            return .reset(id, reset)
        case "WINDOW_UPDATE":
            return .windowUpdate(id, increment: json.increment ?? 0)
        case "GOAWAY":
            var goAway = GoAway()
            goAway.lastStreamID = json.last_stream_id ?? 0
            goAway.code = json.code ?? 0
            goAway.message = json.message ?? ""
            return .goAway(goAway)
        default:
            throw VectorError.unknownType(json.type)
        }
    }

    enum VectorError: Error {
        case unknownType(String)
    }
}

extension Array where Element == UInt8 {
    init?(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) ?? hex.endIndex
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self = bytes
    }

    var hexString: String {
        self.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
