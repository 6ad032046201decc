import BenchmarkSupport
import Foundation
import Logging
import PoleStageServer
import PoleStageTesting

// Transport benchmarks: the same 100-byte unary echo and server-streaming call over our WebSocket
// transport, grpc-swift-2's HTTP/2 transport, and its InProcessTransport (no wire), plus a bare
// hummingbird-websocket echo, measured side by side in one process and one run.
//
//   swift run -c release --package-path Benchmarks TransportBenchmarks [seconds-per-row] [unary|streaming]
//
// The optional second argument runs one section only (to profile it).

let seconds = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 3
let section = CommandLine.arguments.dropFirst(2).first
let warmup = Duration.seconds(1)
let duration = Duration.seconds(seconds)
let concurrencies = [1, 16, 64]
var logger = Logger(label: "bench")
logger.logLevel = .error

func row(_ m: BenchmarkSupport.Measurement) -> String {
    let columns = [
        m.label.padding(toLength: 22, withPad: " ", startingAt: 0),
        String(format: "%4d", m.concurrency),
        String(format: "%10.0f", m.throughput),
        String(format: "%8.3f", m.percentile(50).milliseconds),
        String(format: "%8.3f", m.percentile(99).milliseconds),
        String(format: "%8.1f", m.cpuMicrosecondsPerOperation),
    ]
    return "| " + columns.joined(separator: " | ") + " |"
}

if section == nil || section == "unary" {
    print(
        "Unary 100-byte echo, \(seconds) s per row after \(warmup) warm-up, \(ProcessInfo.processInfo.activeProcessorCount) cores"
    )
    print("| transport              | conc |    calls/s | p50 ms   | p99 ms   | CPU µs/call |")
    print("|---|---|---|---|---|---|")

    var unary: [String: [BenchmarkSupport.Measurement]] = [:]
    unary["in-process"] = try await withInProcessClient(
        UnaryBenchmark(label: "in-process", concurrencies: concurrencies, warmup: warmup, duration: duration)
    )
    let (webSocket, http2) = try await withTestServer(.testing(), logger: logger) { _, addresses in
        let webSocket = try await TransportKind.webSocket.withClient(
            to: addresses,
            UnaryBenchmark(
                label: "PoleStage WebSocket",
                concurrencies: concurrencies,
                warmup: warmup,
                duration: duration
            )
        )
        let http2 = try await TransportKind.http2.withClient(
            to: addresses,
            UnaryBenchmark(label: "grpc-swift HTTP/2", concurrencies: concurrencies, warmup: warmup, duration: duration)
        )
        return (webSocket, http2)
    }
    unary["websocket"] = webSocket
    unary["http2"] = http2
    var echo: [BenchmarkSupport.Measurement] = []
    for concurrency in concurrencies {
        echo.append(try await measureWebSocketEcho(concurrency: concurrency, warmup: warmup, duration: duration))
    }
    for rows in [unary["in-process"]!, webSocket, http2, echo] {
        for m in rows { print(row(m)) }
    }

    print("")
    print("Ratios (PoleStage WebSocket ÷ grpc-swift HTTP/2):")
    for (ws, h2) in zip(webSocket, http2) {
        print(
            String(
                format: "  %2d callers: throughput %.2f×, p50 %.2f× (lower is better)",
                ws.concurrency,
                ws.throughput / h2.throughput,
                ws.percentile(50).milliseconds / h2.percentile(50).milliseconds
            )
        )
    }
    print("Transport cost per call (CPU µs per call minus in-process's), both ends in this process:")
    for ((ws, h2), inProcess) in zip(zip(webSocket, http2), unary["in-process"]!) {
        print(
            String(
                format: "  %2d callers: WebSocket %.1f µs, HTTP/2 %.1f µs, bare WebSocket round trip %.1f µs",
                ws.concurrency,
                ws.cpuMicrosecondsPerOperation - inProcess.cpuMicrosecondsPerOperation,
                h2.cpuMicrosecondsPerOperation - inProcess.cpuMicrosecondsPerOperation,
                echo.first { $0.concurrency == ws.concurrency }?.cpuMicrosecondsPerOperation ?? .nan
            )
        )
    }

}

if section == nil || section == "streaming" {
    print("")
    print("Server streaming: 1,000 messages of 1,024 bytes per call")
    print("| transport              | conc |   msgs/s | MB/s |")
    print("|---|---|---|---|")
    var streaming: [BenchmarkSupport.Measurement] = []
    streaming.append(
        try await withInProcessClient(
            StreamingBenchmark(
                label: "in-process",
                concurrency: 4,
                count: 1000,
                size: 1024,
                warmup: warmup,
                duration: duration
            )
        )
    )
    let uncompressed = try await withTestServer(.testing(transport: .init(compression: false)), logger: logger) {
        _,
        addresses in
        try await TransportKind.webSocket.withClient(
            to: addresses,
            StreamingBenchmark(
                label: "WebSocket, no deflate",
                concurrency: 4,
                count: 1000,
                size: 1024,
                warmup: warmup,
                duration: duration
            )
        )
    }
    let (wsStream, h2Stream) = try await withTestServer(.testing(), logger: logger) { _, addresses in
        let ws = try await TransportKind.webSocket.withClient(
            to: addresses,
            StreamingBenchmark(
                label: "PoleStage WebSocket",
                concurrency: 4,
                count: 1000,
                size: 1024,
                warmup: warmup,
                duration: duration
            )
        )
        let h2 = try await TransportKind.http2.withClient(
            to: addresses,
            StreamingBenchmark(
                label: "grpc-swift HTTP/2",
                concurrency: 4,
                count: 1000,
                size: 1024,
                warmup: warmup,
                duration: duration
            )
        )
        return (ws, h2)
    }
    streaming += [wsStream, uncompressed, h2Stream]
    for m in streaming {
        let messages = Double(m.operations * 1000) / m.seconds
        print(
            "| " + m.label.padding(toLength: 22, withPad: " ", startingAt: 0) + " | "
                + String(format: "%4d | %8.0f | %6.1f |", m.concurrency, messages, Double(m.bytes) / m.seconds / 1e6)
        )
    }
    print(String(format: "Streaming ratio (WebSocket ÷ HTTP/2): %.2f×", wsStream.throughput / h2Stream.throughput))
}
