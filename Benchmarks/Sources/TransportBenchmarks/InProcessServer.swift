import BenchmarkSupport
import GRPCCore
import GRPCInProcessTransport
import PoleStageInterop
import PoleStageTesting

/// The same service over grpc-swift-2's `InProcessTransport`: GRPCCore's own per-call cost, no wire.
func withInProcessClient<Body: ClientBody>(_ body: Body) async throws -> Body.Output {
    let transport = InProcessTransport()
    let server = GRPCServer(transport: transport.server, services: [InteropTestService()])
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.serve() }
        defer {
            server.beginGracefulShutdown()
        }
        return try await withGRPCClient(transport: transport.client) { client in
            try await body.run(client)
        }
    }
}
