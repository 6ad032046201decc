public import GRPCCore
public import HTTPTypes
import HummingbirdWSClient
public import Logging
public import NIOCore
public import NIOPosix
public import NIOSSL
import PoleStageWire
import Synchronization

extension WebSocketTransport {
    /// A GRPCCore `ClientTransport` that multiplexes every stream of a `GRPCClient` on one WebSocket.
    ///
    /// `connect()` keeps one connection open, reconnecting with exponential backoff when it drops or
    /// the server sends GOAWAY. A stream opened while no connection is up waits for the one being made,
    /// and fails with UNAVAILABLE while the last attempt failed (gRPC's fail-fast behaviour).
    public final class Client: ClientTransport, Sendable {
        public typealias Bytes = WebSocketTransportBytes

        private enum Phase {
            case connecting
            case connected(ClientConnection)
            case failed(RPCError)
            case closed
        }

        private struct State {
            var phase = Phase.connecting
            var waiters: [UInt64: CheckedContinuation<ClientConnection, any Error>] = [:]
            /// Waiters of calls with `waitForReady`: a failed attempt does not fail them, they wait for the next.
            var patientWaiters: Set<UInt64> = []
            var nextWaiterID: UInt64 = 0
            var shuttingDown = false
            var openStreams = 0
            var shutdownSignal: AsyncStream<Void>.Continuation?
        }

        public let retryThrottle: RetryThrottle?
        private let url: String
        private let configuration: WebSocketTransportConfiguration
        private let additionalHeaders: HTTPFields
        private let tlsConfiguration: TLSConfiguration?
        private let serviceConfig: ServiceConfig
        private let eventLoopGroup: any EventLoopGroup
        private let logger: Logger
        private let state: Mutex<State>

        /// Creates a client for `url` (`ws://host:port/path` or `wss://…`).
        ///
        /// - Parameters:
        ///   - url: The server's gRPC WebSocket route.
        ///   - configuration: Limits this client announces and enforces.
        ///   - serviceConfig: gRPC service config (retries, timeouts per method).
        ///   - additionalHeaders: Headers for the upgrade request (never credentials: they travel per stream).
        ///   - tlsConfiguration: TLS settings of `wss://` URLs (trust roots, for one); the system's trust roots and
        ///     full verification when `nil`.
        ///   - eventLoopGroup: Where the connection's I/O runs.
        ///   - logger: Connection-level events, at debug level.
        public init(
            url: String,
            configuration: WebSocketTransportConfiguration = .init(),
            serviceConfig: ServiceConfig = .init(),
            additionalHeaders: HTTPFields = [:],
            tlsConfiguration: TLSConfiguration? = nil,
            eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
            logger: Logger = Logger(label: "polestage.websocket.client")
        ) {
            self.url = url
            self.configuration = configuration
            self.additionalHeaders = additionalHeaders
            self.tlsConfiguration = tlsConfiguration
            self.retryThrottle = serviceConfig.retryThrottling.map { RetryThrottle(policy: $0) }
            self.serviceConfig = serviceConfig
            self.eventLoopGroup = eventLoopGroup
            self.logger = logger
            self.state = Mutex(State())
        }

        /// The service config's entry for a method: exact method, else its service, else the default.
        public func config(forMethod descriptor: MethodDescriptor) -> MethodConfig? {
            let configs = self.serviceConfig.methodConfig
            func first(_ matches: (MethodConfig.Name) -> Bool) -> MethodConfig? {
                configs.first { $0.names.contains(where: matches) }
            }
            let service = descriptor.service.fullyQualifiedService
            return first { $0.service == service && $0.method == descriptor.method }
                ?? first { $0.service == service && $0.method.isEmpty }
                ?? first { $0.service.isEmpty }
        }

        public func connect() async throws {
            let (shutdown, shutdownContinuation) = AsyncStream<Void>.makeStream()
            self.state.withLock { $0.shutdownSignal = shutdownContinuation }
            var attempt = 0
            while !Task.isCancelled, !self.state.withLock({ $0.shuttingDown }) {
                let connected = await self.runOneConnection()
                attempt = connected ? 0 : attempt + 1
                guard !self.state.withLock({ $0.shuttingDown }) else { break }
                if attempt > 0 {
                    // Exponential backoff with jitter: 100 ms, 200 ms, ... up to 5 s.
                    let base = min(5_000, 100 << min(attempt - 1, 6))
                    let delay = Duration.milliseconds(Int.random(in: base / 2...base))
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask { try? await Task.sleep(for: delay) }
                        group.addTask { for await _ in shutdown {} }
                        await group.next()
                        group.cancelAll()
                    }
                }
            }
            let waiters = self.state.withLock { state in
                state.phase = .closed
                defer {
                    state.waiters.removeAll()
                    state.patientWaiters.removeAll()
                }
                return Array(state.waiters.values)
            }
            for waiter in waiters {
                waiter.resume(throwing: RPCError(code: .failedPrecondition, message: "The client transport is closed."))
            }
        }

        /// Opens one WebSocket and serves it until it closes; `true` when the upgrade succeeded.
        private func runOneConnection() async -> Bool {
            var headers = self.additionalHeaders
            headers[.secWebSocketProtocol] = WebSocketTransport.subprotocol
            var wsConfiguration = WebSocketClientConfiguration(
                maxFrameSize: self.configuration.maxWebSocketMessageSize,
                additionalHeaders: headers,
                closeTimeout: self.configuration.closeTimeout,
                autoPing: self.configuration.pingInterval.map { .enabled(timePeriod: $0) } ?? .disabled
            )
            wsConfiguration.extensions = self.configuration.webSocketExtensions
            let connected = Mutex(false)
            let client = WebSocketClient(
                url: self.url,
                configuration: wsConfiguration,
                tlsConfiguration: self.tlsConfiguration,
                eventLoopGroup: self.eventLoopGroup,
                logger: self.logger
            ) { inbound, outbound, context in
                let connection = ClientConnection(
                    outbound: outbound,
                    configuration: self.configuration,
                    logger: context.logger,
                    onGoAway: { [weak self] in self?.connectionDraining() }
                )
                connected.withLock { $0 = true }
                try await connection.sendSettings()
                try await withThrowingDiscardingTaskGroup { group in
                    group.addTask { try await connection.run(inbound: inbound) }
                    // Streams open once the server's limits are known (one round trip per connection).
                    if await connection.waitForServerSettings() {
                        self.publish(connection)
                    }
                }
            }
            do {
                try await client.run()
                self.connectionEnded(error: nil)
            } catch {
                self.logger.debug("WebSocket connection failed", metadata: ["error": "\(error)"])
                self.connectionEnded(
                    error: RPCError(code: .unavailable, message: "Cannot connect to \(self.url): \(error)")
                )
            }
            return connected.withLock { $0 }
        }

        private func publish(_ connection: ClientConnection) {
            let (waiters, closeNow) = self.state.withLock { state in
                state.phase = .connected(connection)
                defer {
                    state.waiters.removeAll()
                    state.patientWaiters.removeAll()
                }
                // A shutdown that began while connecting found no connection to close: close this one.
                return (Array(state.waiters.values), state.shuttingDown && state.openStreams == 0)
            }
            for waiter in waiters { waiter.resume(returning: connection) }
            if closeNow { connection.requestClose() }
        }

        /// The server sent GOAWAY: new streams wait for the next connection.
        private func connectionDraining() {
            self.state.withLock { state in
                if case .connected = state.phase { state.phase = .connecting }
            }
        }

        private func connectionEnded(error: RPCError?) {
            let waiters: [CheckedContinuation<ClientConnection, any Error>] = self.state.withLock { state in
                guard !state.shuttingDown else {
                    state.phase = .closed
                    return []
                }
                guard let error else {
                    state.phase = .connecting
                    return []
                }
                state.phase = .failed(error)
                // Calls with waitForReady keep waiting for the next attempt; the others fail fast.
                let impatient = state.waiters.filter { !state.patientWaiters.contains($0.key) }
                for id in impatient.keys { state.waiters.removeValue(forKey: id) }
                return Array(impatient.values)
            }
            for waiter in waiters {
                waiter.resume(throwing: error ?? RPCError(code: .unavailable, message: "The connection closed."))
            }
        }

        public func beginGracefulShutdown() {
            let signal = self.state.withLock { state in
                state.shuttingDown = true
                return state.openStreams == 0 ? state.shutdownSignal : nil
            }
            signal?.finish()
            if signal != nil { self.closeConnectionWhenIdle() }
        }

        /// Closes the WebSocket once no stream is open, after a graceful shutdown began.
        private func closeConnectionWhenIdle() {
            let connection: ClientConnection? = self.state.withLock { state in
                guard state.shuttingDown, state.openStreams == 0 else { return nil }
                state.shutdownSignal?.finish()
                if case .connected(let connection) = state.phase { return connection }
                return nil
            }
            connection?.requestClose()
        }

        /// The connection to open a stream on. Without `waitForReady`, a call fails fast (UNAVAILABLE)
        /// while the last attempt to connect failed; with it, the call waits for the next attempt.
        private func awaitConnection(waitForReady: Bool) async throws -> ClientConnection {
            let id: UInt64
            switch self.state.withLock({ state -> Result<ClientConnection, RPCError>? in
                if state.shuttingDown {
                    return .failure(RPCError(code: .failedPrecondition, message: "The client transport is closing."))
                }
                switch state.phase {
                case .connected(let connection) where connection.acceptsStreams: return .success(connection)
                case .failed where waitForReady: return nil
                case .failed(let error): return .failure(error)
                case .closed:
                    return .failure(RPCError(code: .failedPrecondition, message: "The client transport is closed."))
                case .connecting, .connected: return nil
                }
            }) {
            case .success(let connection): return connection
            case .failure(let error): throw error
            case .none:
                id = self.state.withLock { state in
                    defer { state.nextWaiterID += 1 }
                    return state.nextWaiterID
                }
            }
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let immediate: Result<ClientConnection, any Error>? = self.state.withLock { state in
                        if Task.isCancelled { return .failure(CancellationError()) }
                        switch state.phase {
                        case .connected(let connection) where connection.acceptsStreams: return .success(connection)
                        case .failed(let error) where !waitForReady: return .failure(error)
                        case .closed:
                            return .failure(
                                RPCError(code: .failedPrecondition, message: "The client transport is closed.")
                            )
                        case .connecting, .connected, .failed:
                            state.waiters[id] = continuation
                            if waitForReady { state.patientWaiters.insert(id) }
                            return nil
                        }
                    }
                    if let immediate { continuation.resume(with: immediate) }
                }
            } onCancel: {
                let waiter = self.state.withLock { state in
                    state.patientWaiters.remove(id)
                    return state.waiters.removeValue(forKey: id)
                }
                waiter?.resume(throwing: CancellationError())
            }
        }

        public func withStream<T: Sendable>(
            descriptor: MethodDescriptor,
            options: CallOptions,
            _ closure: (RPCStream<Inbound, Outbound>, ClientContext) async throws -> T
        ) async throws -> T {
            let connection = try await self.awaitConnection(waitForReady: options.waitForReady ?? false)
            try await connection.slots.acquire()
            let id: StreamID
            let stream: RPCStream<Inbound, Outbound>
            do {
                (id, stream) = try connection.openStream(descriptor: descriptor)
            } catch {
                connection.slots.release()
                throw error
            }
            self.state.withLock { $0.openStreams += 1 }
            defer {
                self.state.withLock { $0.openStreams -= 1 }
                self.closeConnectionWhenIdle()
            }
            let context = ClientContext(descriptor: descriptor, remotePeer: self.url, localPeer: "websocket")
            let result: Result<T, any Error>
            do {
                result = .success(try await closure(stream, context))
            } catch {
                result = .failure(error)
            }
            await connection.closeStream(id)
            return try result.get()
        }
    }
}
