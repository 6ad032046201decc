import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import Synchronization

/// Server memory per idle subscriber, connection included: the server runs in a child process (this executable with
/// `--child-server`), whose resident memory is read from `/proc` before and after `subscribers` clients each open a
/// WebSocket and one subscription.
///
/// - Parameter compression: Whether the clients offer permessage-deflate (each side then keeps zlib streams).
func memoryBenchmark(subscribers: Int, compression: Bool) async throws {
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    child.arguments = ["--child-server"]
    let output = Pipe()
    let input = Pipe()
    child.standardOutput = output
    child.standardInput = input
    try child.run()
    defer {
        try? input.fileHandleForWriting.close()
        child.waitUntilExit()
    }
    let ready = try readLine(output.fileHandleForReading).split(separator: " ").map(String.init)
    guard ready.count == 3, ready[0] == "READY" else { throw BenchmarkError("the child server said \(ready)") }
    let (url, token) = (ready[1], ready[2])
    let metadata: Metadata = ["authorization": "Bearer \(token)"]
    var configuration = WebSocketTransportConfiguration()
    configuration.compression = compression

    let progress = SubscriberProgress()
    @Sendable func subscribe(_ client: GRPCClient<WebSocketTransport.Client>) async {
        let offers = Polestage_Offers_V1_OfferService.Client(wrapping: client)
        try? await offers.subscribe(.init(), metadata: metadata) { response in
            for try await event in response.messages {
                if case .live = event.event { progress.live.add(1, ordering: .relaxed) }
            }
        }
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
        // One connection and subscription first, so that what every connection shares is in the baseline.
        let first = GRPCClient(transport: WebSocketTransport.Client(url: url, configuration: configuration))
        group.addTask { try await first.runConnections() }
        group.addTask { await subscribe(first) }
        while progress.live.load(ordering: .relaxed) < 1 { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .seconds(1))
        let before = try residentBytes(of: child.processIdentifier)
        for _ in 0..<subscribers {
            let client = GRPCClient(transport: WebSocketTransport.Client(url: url, configuration: configuration))
            group.addTask { try await client.runConnections() }
            group.addTask { await subscribe(client) }
        }
        while progress.live.load(ordering: .relaxed) < subscribers + 1 { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .seconds(2))
        let after = try residentBytes(of: child.processIdentifier)
        let perSubscriber = Double(after - before) / Double(subscribers) / 1024
        print(
            String(
                format: "| %d | %@ | %.1f | %.1f | %.1f |",
                subscribers,
                compression ? "on" : "off",
                Double(before) / 1_048_576,
                Double(after) / 1_048_576,
                perSubscriber
            )
        )
        group.cancelAll()
    }
}

/// Runs the server for ``memoryBenchmark(subscribers:)`` until standard input closes.
func runChildServer() async throws {
    try await withTestServer(.benchmark) { server, addresses in
        let fixture = try await DomainFixture.seed(on: server)
        // Unbuffered: the parent waits for this line.
        FileHandle.standardOutput.write(
            Data("READY \(addresses.webSocketURL) \(fixture.tokens[.schoolA1] ?? "")\n".utf8)
        )
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                _ = FileHandle.standardInput.readDataToEndOfFile()
                continuation.resume()
            }.start()
        }
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
