package import GRPCCore
package import PoleStageProto
import SwiftProtobuf
import Synchronization

/// The standard gRPC health service (`grpc.health.v1.Health`).
///
/// The empty service name stands for the whole server. Statuses change through ``setStatus(_:for:)``;
/// `Watch` streams every change until the client goes away or the server drains.
package final class HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol, Sendable {
    package typealias ServingStatus = Grpc_Health_V1_HealthCheckResponse.ServingStatus

    private struct State {
        var statuses: [String: ServingStatus] = ["": .serving]
        var watchers: [UInt64: (service: String, continuation: AsyncStream<ServingStatus>.Continuation)] = [:]
        var nextWatcherID: UInt64 = 0
    }

    private let state = Mutex(State())

    package init() {}

    /// Sets the status reported for `service` ("" for the server) and tells its watchers.
    package func setStatus(_ status: ServingStatus, for service: String = "") {
        let continuations = self.state.withLock { state in
            state.statuses[service] = status
            return state.watchers.values.filter { $0.service == service }.map(\.continuation)
        }
        for continuation in continuations { continuation.yield(status) }
    }

    /// Ends every `Watch` stream, so that a draining server is not held open by watchers.
    package func finishWatchers() {
        let continuations = self.state.withLock { state in
            defer { state.watchers.removeAll() }
            return state.watchers.values.map(\.continuation)
        }
        for continuation in continuations { continuation.finish() }
    }

    package func check(
        request: Grpc_Health_V1_HealthCheckRequest,
        context: ServerContext
    ) async throws -> Grpc_Health_V1_HealthCheckResponse {
        guard let status = self.state.withLock({ $0.statuses[request.service] }) else {
            throw RPCError(code: .notFound, message: "Unknown service '\(request.service)'.")
        }
        return .with { $0.status = status }
    }

    package func watch(
        request: Grpc_Health_V1_HealthCheckRequest,
        response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
        context: ServerContext
    ) async throws {
        let (updates, continuation) = AsyncStream.makeStream(
            of: ServingStatus.self,
            bufferingPolicy: .bufferingNewest(1)
        )
        let id = self.state.withLock { state in
            let id = state.nextWatcherID
            state.nextWatcherID += 1
            state.watchers[id] = (request.service, continuation)
            continuation.yield(state.statuses[request.service] ?? .serviceUnknown)
            return id
        }
        defer {
            self.state.withLock { _ = $0.watchers.removeValue(forKey: id) }
        }
        // Ends when the task is cancelled, or the RPC (the client went: its transport cancels the RPC).
        try await withTaskCancellationHandler {
            try await withRPCCancellationHandler {
                for await status in updates {
                    try await response.write(.with { $0.status = status })
                }
            } onCancelRPC: {
                continuation.finish()
            }
        } onCancel: {
            continuation.finish()
        }
    }
}
