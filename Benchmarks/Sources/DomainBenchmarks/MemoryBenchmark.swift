import Foundation
import GRPCCore
import Hummingbird
import HummingbirdCore
import HummingbirdWSClient
import HummingbirdWebSocket
import Logging
import PoleStageProto
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import Synchronization

/// What each idle client holds on the server, from the floor up.
enum MemoryCase: CustomStringConvertible {
    /// A bare hummingbird-websocket connection that waits for a message: no RPC layer (`--child-bare`).
    case bareWebSocket
    /// A WebSocket served by a NIO channel handler, with no task: the floor our server's connections stand on
    /// (`--child-channel`).
    case bareChannel
    /// Our WebSocket transport, connected by one unary call (a health check), then idle.
    case connection(compression: Bool)
    /// Our WebSocket transport with one live `OfferService.Subscribe`.
    case subscription(compression: Bool)
    /// 100 live subscriptions per WebSocket, as the fan-out benchmark has them: a client per row is a subscription.
    case sharedSubscriptions

    /// The row's name on the command line.
    var name: String {
        switch self {
        case .bareWebSocket: "bare"
        case .bareChannel: "bare-channel"
        case .connection(let compression): "connection-\(compression ? "on" : "off")"
        case .subscription(let compression): "subscription-\(compression ? "on" : "off")"
        case .sharedSubscriptions: "shared"
        }
    }

    var description: String {
        switch self {
        case .bareWebSocket: "bare hummingbird-websocket connection | off"
        case .bareChannel: "bare WebSocket channel handler, no task | off"
        case .connection(let compression): "PoleStage connection, no call open | \(compression ? "on" : "off")"
        case .subscription(let compression): "PoleStage connection + one subscription | \(compression ? "on" : "off")"
        case .sharedSubscriptions: "one subscription, 100 per PoleStage connection | on"
        }
    }
}

/// Server memory per idle client, connection included: the server runs in a child process (this executable with
/// `--child-server`, or `--child-bare` for the bare WebSocket floor), whose resident memory is read from `/proc` before
/// and after `clients` clients each open a WebSocket and, for ``MemoryCase/subscription(compression:)``, one
/// subscription. The rows side by side split the cost: WebSocket floor, our connection, the subscription.
func memoryBenchmark(clients: Int, case memoryCase: MemoryCase) async throws {
    let child = Process()
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let mode =
        switch memoryCase {
        case .bareWebSocket: "--child-bare"
        case .bareChannel: "--child-channel"
        default: "--child-server"
        }
    if let prefix = ProcessInfo.processInfo.environment["POLESTAGE_BENCH_CHILD_PREFIX"] {
        // A profiler in front of the child, e.g. `heaptrack -o /tmp/server`: its RSS figures then include the profiler.
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", "exec \(prefix) '\(executable.path)' \(mode)"]
    } else {
        child.executableURL = executable
        child.arguments = [mode]
    }
    let output = Pipe()
    let input = Pipe()
    child.standardOutput = output
    child.standardInput = input
    try child.runWorkingAroundFoundation5472()
    defer {
        try? input.fileHandleForWriting.close()
        child.waitUntilExit()
    }
    // A profiler in front of the child may print lines of its own first.
    var line = try readLine(output.fileHandleForReading)
    while !line.hasPrefix("READY"), !line.isEmpty { line = try readLine(output.fileHandleForReading) }
    let ready = line.split(separator: " ").map(String.init)
    guard ready.count == 3, ready[0] == "READY" else { throw BenchmarkError("the child server said \(ready)") }
    let (url, token) = (ready[1], ready[2])
    let metadata: Metadata = ["authorization": "Bearer \(token)"]

    let progress = SubscriberProgress()
    /// Opens one subscription per client of `clients` and counts it once live.
    @Sendable func subscribe(_ clients: [GRPCClient<WebSocketTransport.Client>]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients {
                group.addTask {
                    try await Polestage_Offers_V1_OfferService.Client(wrapping: client).subscribe(
                        .init(),
                        metadata: metadata
                    ) { response in
                        for try await event in response.messages {
                            if case .live = event.event { progress.live.add(1, ordering: .relaxed) }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
    /// One client of the row: a connection, and what it holds; for shared subscriptions, a connection and `count`
    /// subscriptions on it.
    @Sendable func connect(count: Int = 1) async throws {
        switch memoryCase {
        case .bareWebSocket, .bareChannel:
            try await WebSocketClient.connect(url: url, logger: quietLogger) { inbound, _, _ in
                progress.live.add(1, ordering: .relaxed)
                for try await _ in inbound {}
            }
        case .connection(let compression), .subscription(let compression):
            var configuration = WebSocketTransportConfiguration()
            configuration.compression = compression
            try await withGRPCClient(transport: WebSocketTransport.Client(url: url, configuration: configuration)) {
                client in
                if case .connection = memoryCase {
                    _ = try await Grpc_Health_V1_Health.Client(wrapping: client).check(.init())
                    progress.live.add(1, ordering: .relaxed)
                    try await Task.sleep(for: .seconds(3600))
                    return
                }
                try await subscribe([client])
            }
        case .sharedSubscriptions:
            try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
                try await subscribe(Array(repeating: client, count: count))
            }
        }
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
        // One client first, so that what every connection shares is in the baseline.
        group.addTask { try? await connect() }
        while progress.live.load(ordering: .relaxed) < 1 { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .seconds(1))
        let before = try residentBytes(of: child.processIdentifier)
        if case .sharedSubscriptions = memoryCase {
            for _ in 0..<clients / 100 { group.addTask { try? await connect(count: 100) } }
        } else {
            for _ in 0..<clients { group.addTask { try? await connect() } }
        }
        while progress.live.load(ordering: .relaxed) < clients + 1 { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .seconds(2))
        let after = try residentBytes(of: child.processIdentifier)
        let perClient = Double(after - before) / Double(clients) / 1024
        print(
            String(
                format: "| %@ | %d | %.1f | %.1f | %.1f |",
                memoryCase.description,
                clients,
                Double(before) / 1_048_576,
                Double(after) / 1_048_576,
                perClient
            )
        )
        group.cancelAll()
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "memory")
    logger.logLevel = .critical
    return logger
}()

/// Runs the server for ``memoryBenchmark(clients:case:)`` until standard input closes.
func runChildServer() async throws {
    try await withTestServer(.benchmark) { server, addresses in
        let fixture = try await DomainFixture.seed(on: server)
        // Unbuffered: the parent waits for this line.
        FileHandle.standardOutput.write(
            Data("READY \(addresses.webSocketURL) \(fixture.tokens[.schoolA1] ?? "")\n".utf8)
        )
        await waitForStandardInputToClose()
    }
}

/// A bare hummingbird-websocket server whose connections wait for messages, until standard input closes.
func runChildBareServer() async throws {
    let router = Router(context: BasicWebSocketRequestContext.self)
    router.ws("/idle") { inbound, _, _ in
        for try await _ in inbound {}
    }
    try await runChildApplication(server: .http1WebSocketUpgrade(webSocketRouter: router))
}

/// Runs a bare server on an ephemeral port, says `READY ws://…/idle -`, and stops once standard input closes.
func runChildApplication(server: HTTPServerBuilder) async throws {
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: Router(),
        server: server,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
        logger: quietLogger
    )
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService() }
        var portIterator = ports.makeAsyncIterator()
        let port = await portIterator.next() ?? 0
        FileHandle.standardOutput.write(Data("READY ws://127.0.0.1:\(port)/idle -\n".utf8))
        await waitForStandardInputToClose()
        group.cancelAll()
    }
}

func waitForStandardInputToClose() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        Thread {
            _ = FileHandle.standardInput.readDataToEndOfFile()
            continuation.resume()
        }.start()
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `VmRSS` of a process, in bytes.
func residentBytes(of pid: Int32) throws -> Int {
    let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
        let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    else { throw BenchmarkError("no VmRSS for process \(pid)") }
    return kilobytes * 1024
}

/// Reads one line from a pipe.
func readLine(_ handle: FileHandle) throws -> String {
    var bytes = Data()
    while true {
        let byte = handle.readData(ofLength: 1)
        if byte.isEmpty || byte == Data([0x0A]) { break }
        bytes.append(byte)
    }
    return String(decoding: bytes, as: UTF8.self)
}
