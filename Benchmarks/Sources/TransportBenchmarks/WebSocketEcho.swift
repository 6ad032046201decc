import BenchmarkSupport
import Hummingbird
import HummingbirdWSClient
import HummingbirdWebSocket
import Logging
import NIOCore
import Synchronization

/// A bare hummingbird-websocket echo of the same 100 bytes: the floor under any RPC layer on WebSockets.
///
/// `concurrency` connections each do sequential round trips; round trips that begin inside the measured
/// window count, the first `warmup` (which also covers connecting) does not.
func measureWebSocketEcho(concurrency: Int, warmup: Duration, duration: Duration) async throws -> Measurement {
    let logger = {
        var logger = Logger(label: "echo")
        logger.logLevel = .error
        return logger
    }()
    let router = Router(context: BasicWebSocketRequestContext.self)
    router.ws("/echo") { inbound, outbound, _ in
        for try await message in inbound.messages(maxSize: 1 << 20) {
            if case .binary(let buffer) = message { try await outbound.write(.binary(buffer)) }
        }
    }
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: Router(),
        server: .http1WebSocketUpgrade(webSocketRouter: router),
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
        logger: logger
    )
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService() }
        var portIterator = ports.makeAsyncIterator()
        let port = await portIterator.next() ?? 0
        defer { group.cancelAll() }

        let clock = ContinuousClock()
        let windowStart = clock.now + warmup
        let windowEnd = windowStart + duration
        let latencies = LatencyLog()
        let payload = ByteBuffer(repeating: 7, count: 100)
        let (cpu, cpuContinuation) = AsyncStream.makeStream(of: Double.self)
        try await withThrowingTaskGroup(of: Void.self) { clients in
            clients.addTask {
                try await Task.sleep(until: windowStart, clock: clock)
                let before = processCPUSeconds()
                try await Task.sleep(until: windowEnd, clock: clock)
                cpuContinuation.yield(processCPUSeconds() - before)
                cpuContinuation.finish()
            }
            for _ in 0..<concurrency {
                clients.addTask {
                    try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/echo", logger: logger) {
                        inbound,
                        outbound,
                        _ in
                        var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                        var mine: [Duration] = []
                        while clock.now < windowEnd {
                            let began = clock.now
                            try await outbound.write(.binary(payload))
                            _ = try await messages.next()
                            if began >= windowStart { mine.append(clock.now - began) }
                        }
                        latencies.values.withLock { $0 += mine }
                    }
                }
            }
            try await clients.waitForAll()
        }
        var cpuIterator = cpu.makeAsyncIterator()
        let cpuSeconds = await cpuIterator.next() ?? 0
        let all = latencies.values.withLock { $0 }.sorted()
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return Measurement(
            label: "bare WebSocket echo",
            concurrency: concurrency,
            operations: all.count,
            seconds: seconds,
            latencies: all,
            cpuSeconds: cpuSeconds
        )
    }
}

/// Latencies gathered from every connection.
final class LatencyLog: Sendable {
    let values = Mutex<[Duration]>([])
}
