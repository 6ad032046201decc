import GRPCCore
import ServiceLifecycle

/// Runs a `GRPCServer` as a ServiceLifecycle service: graceful shutdown drains it.
struct GRPCServerService<Transport: ServerTransport>: Service {
    let server: GRPCServer<Transport>
    let onDrain: @Sendable () -> Void

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await self.server.serve()
        } onGracefulShutdown: {
            self.onDrain()
            self.server.beginGracefulShutdown()
        }
    }
}
