import NIOCore
import PoleStageWire

/// The properties checked on every binary WebSocket message a fuzzer makes up.
///
/// 1. Decoding never traps (whatever the limit).
/// 2. The decoder agrees with ``WireModel``, the reading of `docs/protocol.md`: same frame, or same error.
/// 3. A decoded frame consumed the whole message.
/// 4. A MESSAGE body is never larger than `maxMessageSize`; a refused one reports its true size and the limit.
/// 5. Every error's description fits a WebSocket close reason (123 bytes), as the transport sends it.
/// 6. Round trip: ``FrameEncoder`` re-encodes a decoded frame to bytes that decode to an equal frame, with
///    the same header; MESSAGE, HALF_CLOSE, WINDOW_UPDATE and CREDIT_REQUEST byte for byte; re-encoding is stable.
/// 7. Reading a whole message as the transport's read loops do (``FrameDecoder/frames(in:)``: a lone frame or a
///    BATCH's entries) agrees with ``WireModel``, frame by frame, with BATCHes refused, accepted at the message's
///    size, and refused one byte under it.
/// 8. The metadata entries of a decoded OPEN, HEADERS or TRAILERS are judged as ``MetadataModel`` reads
///    `docs/protocol.md` §3 (``MetadataChecks``).
public enum FrameChecks {
    /// The transport's default `maxMessageSize` (4 MiB, docs/protocol.md §4).
    static let transportDefaultLimit = 4 * 1024 * 1024
    /// RFC 6455 §5.5: a close frame's payload is at most 125 bytes, two of them the code.
    static let maxCloseReasonBytes = 123

    /// Checks one message: the bytes of one binary WebSocket message, as the transport's read loops get it.
    public static func check(message bytes: [UInt8]) {
        let input = ByteBuffer(bytes: bytes)
        for limit in Self.limits(for: bytes) {
            let (result, unread) = Self.decode(input, maxMessageSize: limit)
            let expected = WireModel.expectedDecoding(of: bytes, maxMessageSize: limit)
            guard result == expected else {
                violated(
                    "the decoder agrees with docs/protocol.md",
                    "limit \(limit): got \(result), expected \(expected)"
                )
            }
            switch result {
            case .success(let frame):
                guard unread == 0 else {
                    violated("a decoded frame consumes the whole message", "\(unread) bytes left after \(frame.type)")
                }
                if case .message(_, let body, _) = frame, body.readableBytes > limit {
                    violated("a MESSAGE body is within maxMessageSize", "\(body.readableBytes) bytes, limit \(limit)")
                }
            case .failure(let error):
                if case .messageTooLarge(_, let size, let reported) = error,
                    size <= limit || reported != limit || size != bytes.count - WireModel.headerSize
                {
                    violated("messageTooLarge reports the body's size and the limit", "\(error), limit \(limit)")
                }
                let reason = error.description
                guard !reason.isEmpty, reason.utf8.count <= Self.maxCloseReasonBytes else {
                    violated("an error's description fits a close reason", "\(reason.utf8.count) bytes: \(reason)")
                }
            }
            if limit == .max, case .success(let frame) = result {
                Self.checkRoundTrip(frame, input: bytes)
                MetadataChecks.check(frame)
            }
            for batchLimit in [0, bytes.count - 1, bytes.count] where batchLimit >= 0 {
                let frames = Self.decodeFrames(input, maxMessageSize: limit, maxBatchSize: batchLimit)
                let expected = WireModel.expectedFrames(of: bytes, maxMessageSize: limit, maxBatchSize: batchLimit)
                guard frames == expected else {
                    violated(
                        "the message reader agrees with docs/protocol.md",
                        "limits \(limit)/\(batchLimit): got \(frames), expected \(expected)"
                    )
                }
            }
        }
    }

    /// Reads a message as `ServerConnection` and `ClientConnection` do: every frame, on past stream errors.
    static func decodeFrames(_ input: ByteBuffer, maxMessageSize: Int, maxBatchSize: Int) -> [Result<Frame, FrameError>]
    {
        let decoder = FrameDecoder(maxMessageSize: maxMessageSize, maxBatchSize: maxBatchSize)
        var frames: MessageFrames
        do throws(FrameError) {
            frames = try decoder.frames(in: input)
        } catch {
            return [.failure(error)]
        }
        var results: [Result<Frame, FrameError>] = []
        while true {
            do throws(FrameError) {
                guard let frame = try frames.next() else { return results }
                results.append(.success(frame))
            } catch {
                results.append(.failure(error))
                if !error.isStreamError { return results }
            }
        }
    }

    /// Decodes a copy of `input` as `ServerConnection` and `ClientConnection` do: one message, one frame.
    static func decode(_ input: ByteBuffer, maxMessageSize: Int) -> (Result<Frame, FrameError>, unread: Int) {
        var buffer = input
        let decoder = FrameDecoder(maxMessageSize: maxMessageSize)
        do {
            let frame = try decoder.decode(&buffer)
            return (.success(frame), buffer.readableBytes)
        } catch {
            return (.failure(error), buffer.readableBytes)
        }
    }

    /// The limits a message is decoded under. A MESSAGE's body is tried around its own size, at 0, at the
    /// transport's default and without a limit; any other frame at 0 and without a limit, which must agree.
    static func limits(for bytes: [UInt8]) -> [Int] {
        guard bytes.count >= WireModel.headerSize, bytes[0] == FrameType.message.rawValue else {
            // A BATCH's MESSAGE entries are checked at 0, at a small limit and without one.
            return bytes.first == FrameType.batch.rawValue ? [0, 16, .max] : [0, .max]
        }
        let size = bytes.count - WireModel.headerSize
        var limits = [0, 1, size - 1, size, size + 1, Self.transportDefaultLimit, .max].filter { $0 >= 0 }
        limits.sort()
        return limits.reduce(into: []) { unique, limit in
            if unique.last != limit { unique.append(limit) }
        }
    }

    static func checkRoundTrip(_ frame: Frame, input: [UInt8]) {
        let encoded = FrameEncoder.encode(frame)
        let encodedBytes = Array(encoded.readableBytesView)
        let (again, unread) = Self.decode(encoded, maxMessageSize: .max)
        guard again == .success(frame), unread == 0 else {
            violated("a re-encoded frame decodes to an equal frame", "\(frame) -> \(encodedBytes) -> \(again)")
        }
        guard encodedBytes.prefix(WireModel.headerSize) == input.prefix(WireModel.headerSize) else {
            violated(
                "re-encoding keeps the header",
                "\(input.prefix(WireModel.headerSize)) -> \(encodedBytes.prefix(6))"
            )
        }
        switch frame {
        case .message, .halfClose, .windowUpdate, .creditRequest:
            guard encodedBytes == input else {
                violated("\(frame.type) re-encodes byte for byte", "\(input) -> \(encodedBytes)")
            }
        case .settings, .open, .headers, .trailers, .reset, .goAway:
            // Any valid protobuf encoding is accepted (docs/protocol.md §3); ours is canonical: stable.
            let reencoded = Array(FrameEncoder.encode(frame).readableBytesView)
            guard reencoded == encodedBytes else {
                violated("re-encoding a frame is stable", "\(encodedBytes) then \(reencoded)")
            }
            if case .success(let decodedAgain) = again {
                let thirdEncoding = Array(FrameEncoder.encode(decodedAgain).readableBytesView)
                guard thirdEncoding == encodedBytes else {
                    violated("encode(decode(encode(frame))) is encode(frame)", "\(encodedBytes) then \(thirdEncoding)")
                }
            }
        }
    }
}
