public import GRPCCore
import HummingbirdWebSocket
import Logging
import NIOWebSocket
import PoleStageWire
import Synchronization

typealias ServerTransportInbound = RPCAsyncSequence<RPCRequestPart<WebSocketTransportBytes>, any Error>
typealias ServerTransportOutbound = RPCWriter<RPCResponsePart<WebSocketTransportBytes>>.Closable

extension WebSocketTransport {
    /// A GRPCCore `ServerTransport` fed by WebSocket connections.
    ///
    /// The transport does not listen on a socket itself: serve it with ``GRPCWebSocketChannel`` in a Hummingbird
    /// server, and run a `GRPCServer` on it. Each upgraded WebSocket becomes a ``ServerConnection`` whose streams go
    /// to the server's handler, each in a child task of ``listen(streamHandler:)``: a connection holds no task, so that
    /// an idle one costs its channel only.
    public final class Server: ServerTransport, Sendable {
        public typealias Bytes = WebSocketTransportBytes
        public typealias StreamHandler =
            @Sendable (
                RPCStream<Inbound, Outbound>,
                ServerContext
            ) async -> Void

        private struct State {
            var listening = false
            var connections: [UInt64: ServerConnection] = [:]
            var nextConnectionID: UInt64 = 0
            var shuttingDown = false
            /// Paths of the methods whose response is one message (unary, client streaming).
            var singleResponseMethods: Set<String> = []
            var observers: [UInt64: AsyncStream<Int>.Continuation] = [:]
            var nextObserverID: UInt64 = 0

            mutating func notifyObservers() {
                for observer in self.observers.values { observer.yield(self.connections.count) }
            }
        }

        /// The limits this server announces and enforces.
        public let configuration: WebSocketTransportConfiguration
        private let state: Mutex<State>
        /// Streams opened on any connection, in order, for `listen` to run their handlers (buffered until it runs).
        private let starts: AsyncStream<ServerConnection.Start>
        private let startsContinuation: AsyncStream<ServerConnection.Start>.Continuation

        public init(configuration: WebSocketTransportConfiguration = .init()) {
            self.configuration = configuration
            self.state = Mutex(State())
            (self.starts, self.startsContinuation) = AsyncStream.makeStream()
        }

        /// Connections currently open.
        public var connectionCount: Int {
            self.state.withLock { $0.connections.count }
        }

        /// Bytes sent on each open stream and not yet acknowledged by its reader, for every connection:
        /// never more than the flow-control window (or one message larger than it).
        public var outstandingBytesPerStream: [Int] {
            let connections = self.state.withLock { Array($0.connections.values) }
            return connections.flatMap { $0.streams.allOutstandingBytes }
        }

        /// Learns which methods answer with a single message: their response can travel inline in TRAILERS.
        public func configure(context: GRPCServerContext) {
            let paths = context.methods.compactMap { method -> String? in
                guard let type = method.type, !type.isResponseStreaming else { return nil }
                return "/" + method.fullyQualifiedMethod
            }
            self.state.withLock { $0.singleResponseMethods = Set(paths) }
        }

        /// Runs the handler of every stream of every connection, each in a child task of one task group, until
        /// shutdown: after ``beginGracefulShutdown()``, once every connection drained, closed and saw its handlers
        /// return; when the calling task is cancelled, once every connection closed and every handler returned.
        public func listen(streamHandler: @escaping StreamHandler) async throws {
            try self.state.withLock { state in
                guard !state.listening else {
                    throw RPCError(code: .failedPrecondition, message: "The transport is already listening.")
                }
                guard !state.shuttingDown else {
                    throw RPCError(code: .failedPrecondition, message: "The transport was shut down.")
                }
                state.listening = true
            }
            await withTaskCancellationHandler {
                await withDiscardingTaskGroup { group in
                    if let timeout = self.configuration.idleTimeout {
                        group.addTask { await self.closeIdleConnections(timeout: timeout) }
                    }
                    await withDiscardingTaskGroup { streams in
                        for await start in self.starts {
                            // No frame between the task and the handler's own: a live subscription keeps its
                            // task's frames for its whole life (`DomainBenchmarks memory`: 0.9 KiB per subscriber
                            // less than with one more async function between them).
                            streams.addTask {
                                let connection = start.connection
                                await connection.serve(
                                    start.stream,
                                    id: start.id,
                                    streamedResponse: start.streamedResponse,
                                    handler: streamHandler
                                )
                                connection.streamReturned(start.id)
                            }
                        }
                    }
                    group.cancelAll()
                }
            } onCancel: {
                self.closeAll()
            }
        }

        /// Closes the connections that have had no open stream for `timeout`: one task for the whole server, which
        /// looks at every connection four times per timeout (at least every 5 s), rather than a timer per connection.
        /// A connection is closed between `timeout` and a quarter of it (at most 5 s) later.
        private func closeIdleConnections(timeout: Duration) async {
            let period = min(timeout / 4, .seconds(5))
            while true {
                do {
                    try await Task.sleep(for: period)
                } catch {
                    return
                }
                self.closeIdleConnections(timeout: timeout, now: .now)
            }
        }

        /// Closes the connections that have had no open stream for `timeout` at `now`.
        func closeIdleConnections(timeout: Duration, now: ContinuousClock.Instant) {
            let connections = self.state.withLock { Array($0.connections.values) }
            for connection in connections {
                connection.closeIfIdle(timeout: timeout, now: now)
            }
        }

        public func beginGracefulShutdown() {
            let (connections, listening) = self.state.withLock { state in
                state.shuttingDown = true
                let connections = Array(state.connections.values)
                if !state.listening {
                    // Nothing will run these connections' streams: they close now, and no longer count.
                    state.connections.removeAll()
                    state.notifyObservers()
                }
                // No connection is accepted any more: `listen` returns once the last one finished.
                if state.connections.isEmpty { self.startsContinuation.finish() }
                return (connections, state.listening)
            }
            guard listening else {
                for connection in connections {
                    connection.end(.goingAway, reason: "server is not accepting connections")
                }
                return
            }
            for connection in connections {
                connection.beginDrain()
            }
        }

        /// Returns once at most `limit` WebSocket connections are open; every stream handler of a
        /// connection that closed has returned by then.
        public func waitForConnectionCount(atMost limit: Int) async {
            let (counts, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
            let id = self.state.withLock { state in
                let id = state.nextObserverID
                state.nextObserverID += 1
                state.observers[id] = continuation
                continuation.yield(state.connections.count)
                return id
            }
            defer { _ = self.state.withLock { $0.observers.removeValue(forKey: id) } }
            for await count in counts where count <= limit {
                return
            }
        }

        private func closeAll() {
            let connections = self.state.withLock { state in
                state.shuttingDown = true
                self.startsContinuation.finish()
                return Array(state.connections.values)
            }
            for connection in connections {
                connection.end(.goingAway, reason: "server stopped")
            }
        }

        /// The subprotocol to answer a client that offered `offered` (values of `Sec-WebSocket-Protocol`),
        /// or `nil` when it offered none this server speaks.
        public static func negotiateSubprotocol(_ offered: [String]) -> String? {
            let tokens = offered.flatMap { $0.split(separator: ",") }.map {
                String($0.filter { $0 != " " && $0 != "\t" })
            }
            return tokens.contains(WebSocketTransport.subprotocol) ? WebSocketTransport.subprotocol : nil
        }

        /// Takes an upgraded WebSocket: the connection that serves it, with the sink it writes through. Called on
        /// the channel's event loop, by ``WebSocketConnectionHandler``.
        func accept(outbound: some EventLoopMessageSink, peer: String, logger: Logger) -> ServerConnection {
            let (id, singleResponseMethods) = self.state.withLock { state in
                defer { state.nextConnectionID += 1 }
                return (state.nextConnectionID, state.singleResponseMethods)
            }
            let connection = ServerConnection(
                outbound: outbound,
                configuration: self.configuration,
                singleResponseMethods: singleResponseMethods,
                peer: peer,
                logger: logger,
                startStream: { self.startsContinuation.yield($0) },
                onFinished: { self.remove(id) }
            )
            let accepted = self.state.withLock { state in
                guard !state.shuttingDown else { return false }
                state.connections[id] = connection
                state.notifyObservers()
                return true
            }
            if !accepted {
                connection.end(.goingAway, reason: "server is not accepting connections")
            }
            return connection
        }

        /// A connection closed and every handler it started returned.
        private func remove(_ id: UInt64) {
            self.state.withLock { state in
                guard state.connections.removeValue(forKey: id) != nil else { return }
                state.notifyObservers()
                // The last connection of a shutdown finished: `listen` runs no more streams.
                if state.shuttingDown, state.connections.isEmpty { self.startsContinuation.finish() }
            }
        }
    }
}
