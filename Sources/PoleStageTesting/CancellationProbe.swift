public import GRPCCore
import GRPCProtobuf
import PoleStageInterop
import Synchronization

/// A test service whose one method waits until the RPC is cancelled, and reports when that happens.
///
/// It shows from the server's side that a handler saw the cancellation of its RPC (a client that
/// vanished, a RESET, a deadline), rather than inferring it from the client.
public final class CancellationProbe: RegistrableRPCService, Sendable {
    /// `/polestage.testing.Probe/AwaitCancellation`: takes and would return `grpc.testing.Empty`.
    public static let method = MethodDescriptor(
        fullyQualifiedService: "polestage.testing.Probe",
        method: "AwaitCancellation"
    )

    private let startedStream: AsyncStream<Void>
    private let startedContinuation: AsyncStream<Void>.Continuation
    private let cancelledStream: AsyncStream<Void>
    private let cancelledContinuation: AsyncStream<Void>.Continuation

    public init() {
        (self.startedStream, self.startedContinuation) = AsyncStream.makeStream()
        (self.cancelledStream, self.cancelledContinuation) = AsyncStream.makeStream()
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Self.method,
            deserializer: ProtobufDeserializer<Grpc_Testing_Empty>(),
            serializer: ProtobufSerializer<Grpc_Testing_Empty>()
        ) { request, context in
            self.startedContinuation.yield()
            // GRPCCore's way for a handler to learn its RPC was cancelled, plus task cancellation.
            let (never, keepOpen) = AsyncStream.makeStream(of: Void.self)
            await withRPCCancellationHandler {
                await withTaskCancellationHandler {
                    for await _ in never {}
                } onCancel: {
                    keepOpen.finish()
                }
            } onCancelRPC: {
                keepOpen.finish()
            }
            self.cancelledContinuation.yield()
            throw RPCError(code: .cancelled, message: "cancelled")
        }
    }

    /// Waits for the next handler to start.
    public func waitForStart() async {
        for await _ in self.startedStream { return }
    }

    /// Waits for the next handler to see its cancellation.
    public func waitForCancellation() async {
        for await _ in self.cancelledStream { return }
    }
}
