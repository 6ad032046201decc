import BenchmarkSupport
import GRPCCore
import PoleStageInterop
import PoleStageTesting

/// The 100-byte unary echo: `grpc.testing.TestService/UnaryCall` asking for 100 bytes back with 100 sent.
struct UnaryBenchmark: ClientBody {
    let label: String
    let concurrencies: [Int]
    let warmup: Duration
    let duration: Duration

    static var request: Grpc_Testing_SimpleRequest {
        var request = Grpc_Testing_SimpleRequest()
        request.responseSize = 100
        request.payload.body = .init(repeating: 7, count: 100)
        return request
    }

    func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws -> [Measurement] {
        let test = Grpc_Testing_TestService.Client(wrapping: client)
        let request = Self.request
        var rows: [Measurement] = []
        for concurrency in self.concurrencies {
            rows.append(
                try await measure(self.label, concurrency: concurrency, warmup: self.warmup, duration: self.duration) {
                    _ = try await test.unaryCall(request)
                }
            )
        }
        return rows
    }
}

/// Server streaming: `StreamingOutputCall` returning `count` messages of `size` bytes.
struct StreamingBenchmark: ClientBody {
    let label: String
    let concurrency: Int
    let count: Int
    let size: Int32
    let warmup: Duration
    let duration: Duration

    func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws -> Measurement {
        let test = Grpc_Testing_TestService.Client(wrapping: client)
        var request = Grpc_Testing_StreamingOutputCallRequest()
        let size = self.size
        request.responseParameters = (0..<self.count).map { _ in
            var parameters = Grpc_Testing_ResponseParameters()
            parameters.size = size
            return parameters
        }
        let expected = self.count
        let frozen = request
        return try await measure(
            self.label,
            concurrency: self.concurrency,
            warmup: self.warmup,
            duration: self.duration,
            bytesPerOperation: self.count * Int(self.size)
        ) {
            let received = try await test.streamingOutputCall(frozen) { response in
                var received = 0
                for try await _ in response.messages { received += 1 }
                return received
            }
            precondition(received == expected)
        }
    }
}
