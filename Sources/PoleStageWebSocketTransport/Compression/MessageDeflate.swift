import CompressNIO
import NIOCore
import NIOHTTP1
import Synchronization

/// permessage-deflate (RFC 7692) on one server connection: whole messages, no context takeover either way, no
/// waiting. The server's ``WebSocketConnectionHandler`` inflates and its sink deflates, both on the channel's event
/// loop; hummingbird-websocket's extension, an actor, serves the client side (``BoundedDeflate``).
///
/// Each message is compressed on its own (see ``BoundedDeflate`` for why), so the zlib streams are reset after every
/// message; they are created on first use, and a connection whose messages all stay under the threshold never holds
/// them.
final class MessageDeflate: Sendable {
    /// What was agreed, and this server's limits.
    struct Parameters: Sendable, Equatable {
        /// The window of what this server sends (`server_max_window_bits`), 9...15.
        var windowBits: Int32
        /// The window of what the client sends (`client_max_window_bits`, 8...15): what the server inflates with.
        var clientWindowBits: Int32 = 15
        var level: Int32
        var memoryLevel: Int32
        /// Messages shorter than this go uncompressed.
        var threshold: Int
        /// The largest inflated message accepted.
        var maxInflatedSize: Int
    }

    /// Why an inflated message was refused.
    enum InflateError: Error, Equatable {
        case tooLarge
        case corrupt
    }

    let parameters: Parameters
    private let compressor = Mutex<ZlibCompressor?>(nil)
    private let decompressor = Mutex<ZlibDecompressor?>(nil)

    init(_ parameters: Parameters) {
        self.parameters = parameters
    }

    /// `message`, compressed when it reaches the threshold; `compressed` says which (the frame's RSV1).
    func deflate(_ message: ByteBuffer) throws -> (bytes: ByteBuffer, compressed: Bool) {
        guard message.readableBytes >= self.parameters.threshold else { return (message, false) }
        return try self.compressor.withLock { compressor in
            let zlib: ZlibCompressor
            if let compressor {
                zlib = compressor
            } else {
                zlib = try ZlibCompressor(
                    algorithm: .deflate,
                    configuration: .init(
                        windowSize: self.parameters.windowBits,
                        compressionLevel: self.parameters.level,
                        memoryLevel: self.parameters.memoryLevel
                    )
                )
                compressor = zlib
            }
            var input = message
            var output = try input.compressStream(with: zlib, flush: .sync, allocator: ByteBufferAllocator())
            try zlib.reset()
            // A sync flush ends with 00 00 FF FF, which the message leaves out (RFC 7692 §7.2.1).
            output.moveWriterIndex(to: output.writerIndex - 4)
            return (output, true)
        }
    }

    /// The message a compressed one (RSV1) stands for, at most ``Parameters/maxInflatedSize`` bytes: no more than
    /// that is ever allocated.
    func inflate(_ message: ByteBuffer) throws(InflateError) -> ByteBuffer {
        do {
            return try self.decompressor.withLock { decompressor in
                let zlib: ZlibDecompressor
                if let decompressor {
                    zlib = decompressor
                } else {
                    // The client's agreed window (zlib's raw deflate makes at least 9 bits: an 8 the client agreed to
                    // may arrive as 9).
                    zlib = try ZlibDecompressor(
                        algorithm: .deflate,
                        windowSize: max(self.parameters.clientWindowBits, 9)
                    )
                    decompressor = zlib
                }
                var input = message
                input.writeBytes([0x00, 0x00, 0xFF, 0xFF])
                defer { try? zlib.reset() }
                return try input.decompressStream(
                    with: zlib,
                    maxSize: self.parameters.maxInflatedSize,
                    allocator: ByteBufferAllocator()
                )
            }
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw .tooLarge
        } catch {
            throw .corrupt
        }
    }

    /// Accepts the first permessage-deflate offer of `Sec-WebSocket-Extensions` this server can honour: the response
    /// header's value and the parameters, or `nil` when there is none. The server never keeps a context between
    /// messages and asks the client not to either; it sends with the configuration's window, or the client's
    /// `server_max_window_bits` when that is smaller; and when the client offers `client_max_window_bits` (as browsers
    /// do), it asks the client for the configuration's window too, or the client's value when smaller (RFC 7692
    /// §7.1.2.2), so that its inflater holds that window instead of 15 bits.
    static func negotiate(
        offers: [String],
        configuration: WebSocketTransportConfiguration
    ) -> (response: String, parameters: Parameters)? {
        let configured = Parameters(configuration)
        for offer in offers.flatMap({ $0.split(separator: ",") }) {
            let parts = offer.split(separator: ";").map { $0.trimmingCharacters(in: " \t") }
            guard parts.first == "permessage-deflate" else { continue }
            var bits = configured.windowBits
            var clientBits: Int32?
            var acceptable = true
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map {
                    $0.trimmingCharacters(in: " \t\"")
                }
                switch pair.first ?? "" {
                case "server_no_context_takeover", "client_no_context_takeover":
                    acceptable = acceptable && pair.count == 1
                case "client_max_window_bits":
                    guard pair.count == 1 || Int32(pair[1]).map({ (8...15).contains($0) }) == true else {
                        acceptable = false
                        break
                    }
                    clientBits = min(configured.windowBits, pair.count == 1 ? 15 : Int32(pair[1]) ?? 15)
                case "server_max_window_bits":
                    // zlib's raw deflate cannot make an 8-bit window.
                    guard pair.count == 2, let value = Int32(pair[1]), (9...15).contains(value) else {
                        acceptable = false
                        break
                    }
                    bits = min(bits, value)
                default:
                    acceptable = false
                }
            }
            guard acceptable else { continue }
            var response = "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
            if bits < 15 { response += "; server_max_window_bits=\(bits)" }
            if let clientBits, clientBits < 15 { response += "; client_max_window_bits=\(clientBits)" }
            var parameters = configured
            parameters.windowBits = bits
            parameters.clientWindowBits = clientBits ?? 15
            return (response, parameters)
        }
        return nil
    }
}

extension MessageDeflate.Parameters {
    /// The configuration's settings, within what zlib accepts; the client's extension is made from them too.
    init(_ configuration: WebSocketTransportConfiguration) {
        self.init(
            windowBits: Int32(min(max(configuration.compressionWindowBits, 9), 15)),
            level: Int32(min(max(configuration.compressionLevel, 1), 9)),
            memoryLevel: Int32(min(max(configuration.compressionMemoryLevel, 1), 9)),
            threshold: configuration.compressionThreshold,
            maxInflatedSize: configuration.maxWebSocketMessageSize
        )
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var view = self[...]
        while let first = view.first, set.contains(first) { view = view.dropFirst() }
        while let last = view.last, set.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
