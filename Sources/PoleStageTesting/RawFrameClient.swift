import HTTPTypes
import HummingbirdWSClient
import HummingbirdWSCompression
public import Logging
public import NIOCore
public import NIOWebSocket
public import PoleStageWebSocketTransport
public import PoleStageWire
import Synchronization

/// A WebSocket client that speaks raw frames, to send what a well-behaved client never would.
public final class RawFrameClient: Sendable {
    /// What the server sent.
    public enum Event: Sendable, Equatable {
        case frame(Frame)
        /// A binary message that is not a valid frame.
        case invalid(FrameError)
        /// The WebSocket closed.
        case closed
    }

    /// How a raw session ended.
    public struct Outcome<T: Sendable>: Sendable {
        public var value: T
        /// The server's close frame, when it sent one.
        public var closeCode: WebSocketErrorCode?
        public var closeReason: String?
    }

    private let outbound: Mutex<WebSocketOutboundWriter?>
    private let events = EventQueue()
    private let batches = Mutex(0)

    /// How many BATCH messages the server sent; their entries arrive as ``Event/frame(_:)`` events, in order.
    public var batchesReceived: Int { self.batches.withLock { $0 } }

    private init() {
        self.outbound = Mutex(nil)
    }

    /// Opens a WebSocket to `url` offering `subprotocols`, runs `body`, then closes normally.
    ///
    /// - Parameter maxBatchSize: The largest BATCH this client reads; the server sends none unless the client's
    ///   SETTINGS announce it (``settings(maxBatchSize:)``). A BATCH it cannot read is an ``Event/invalid(_:)``.
    public static func connect<T: Sendable>(
        url: String,
        subprotocols: [String] = [WebSocketTransport.subprotocol],
        maxBatchSize: Int = 0,
        compression: Bool = false,
        maxInflatedSize: Int = 1 << 24,
        logger: Logger = Logger(label: "polestage.raw"),
        _ body: @escaping @Sendable (RawFrameClient) async throws -> T
    ) async throws -> Outcome<T> {
        let client = RawFrameClient()
        var headers = HTTPFields()
        if !subprotocols.isEmpty {
            headers[.secWebSocketProtocol] = subprotocols.joined(separator: ", ")
        }
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: 1 << 26,
            additionalHeaders: headers,
            extensions: compression
                ? [.perMessageDeflate(maxDecompressedFrameSize: maxInflatedSize, minFrameSizeToCompress: 16)] : [],
            closeTimeout: .seconds(5)
        )
        let result = Mutex<Result<T, any Error>?>(nil)
        let webSocket = WebSocketClient(url: url, configuration: configuration, logger: logger) {
            inbound,
            outbound,
            _ in
            client.outbound.withLock { $0 = outbound }
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        let decoder = FrameDecoder(maxMessageSize: .max, maxBatchSize: maxBatchSize)
                        for try await message in inbound.messages(maxSize: 1 << 26) {
                            guard case .binary(let buffer) = message else { continue }
                            if buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) == FrameType.batch.rawValue {
                                client.batches.withLock { $0 += 1 }
                            }
                            do throws(FrameError) {
                                var frames = try decoder.frames(in: buffer)
                                while let frame = try frames.next() {
                                    client.events.push(.frame(frame))
                                }
                            } catch {
                                client.events.push(.invalid(error))
                            }
                        }
                    } catch {}
                    client.events.push(.closed)
                }
                let value: Result<T, any Error>
                do {
                    value = .success(try await body(client))
                } catch {
                    value = .failure(error)
                }
                result.withLock { $0 = value }
                group.cancelAll()
            }
        }
        let closeFrame = try await webSocket.run()
        guard let value = result.withLock({ $0 }) else {
            throw RawFrameClientError.notUpgraded
        }
        return Outcome(value: try value.get(), closeCode: closeFrame?.closeCode, closeReason: closeFrame?.reason)
    }

    /// Sends a frame.
    public func send(_ frame: Frame) async throws {
        try await self.send(bytes: FrameEncoder.encode(frame))
    }

    /// Sends frames as the entries of one BATCH message.
    public func send(batch frames: [Frame]) async throws {
        try await self.send(bytes: FrameEncoder.batch(frames.map { FrameEncoder.encode($0) }))
    }

    /// This client's SETTINGS: version 1, announcing `maxBatchSize` (0: no BATCH for this client).
    public static func settings(maxBatchSize: Int = 0) -> Frame {
        var settings = Settings()
        settings.version = WebSocketTransport.protocolVersion
        settings.maxBatchSize = UInt32(maxBatchSize)
        return .settings(settings)
    }

    /// Sends arbitrary bytes as one binary message.
    public func send(bytes: ByteBuffer) async throws {
        guard let outbound = self.outbound.withLock({ $0 }) else { throw RawFrameClientError.notUpgraded }
        try await outbound.write(.binary(bytes))
    }

    /// Sends a text message.
    public func send(text: String) async throws {
        guard let outbound = self.outbound.withLock({ $0 }) else { throw RawFrameClientError.notUpgraded }
        try await outbound.write(.text(text))
    }

    /// The next event, waiting at most `timeout`.
    public func next(timeout: Duration = .seconds(20)) async throws -> Event {
        try await withTimeout(timeout) { await self.events.pop() }
    }

    /// The next frame that is not SETTINGS or a WINDOW_UPDATE; `nil` once closed.
    public func nextStreamFrame(timeout: Duration = .seconds(20)) async throws -> Frame? {
        while true {
            switch try await self.next(timeout: timeout) {
            case .frame(.settings), .frame(.windowUpdate):
                continue
            case .frame(let frame):
                return frame
            case .invalid(let error):
                throw error
            case .closed:
                return nil
            }
        }
    }

    /// Waits until the server closes the WebSocket, skipping whatever it sends before.
    public func waitForClose(timeout: Duration = .seconds(20)) async throws {
        while try await self.next(timeout: timeout) != .closed {}
    }
}

/// Events in arrival order, popped one waiter at a time.
private final class EventQueue: Sendable {
    private let state = Mutex<
        (events: [RawFrameClient.Event], waiter: CheckedContinuation<RawFrameClient.Event, Never>?)
    >(([], nil))

    func push(_ event: RawFrameClient.Event) {
        let waiter = self.state.withLock { state -> CheckedContinuation<RawFrameClient.Event, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.events.append(event)
            return nil
        }
        waiter?.resume(returning: event)
    }

    /// The next event; `.closed` when the waiting task is cancelled (the caller's timeout fired).
    func pop() async -> RawFrameClient.Event {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let event = self.state.withLock { state -> RawFrameClient.Event? in
                    if !state.events.isEmpty { return state.events.removeFirst() }
                    if Task.isCancelled { return .closed }
                    state.waiter = continuation
                    return nil
                }
                if let event { continuation.resume(returning: event) }
            }
        } onCancel: {
            let waiter = self.state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: .closed)
        }
    }
}

public enum RawFrameClientError: Error {
    case notUpgraded
}
