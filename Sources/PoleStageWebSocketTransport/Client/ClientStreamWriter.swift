import GRPCCore
import PoleStageWire
import Synchronization

/// The request side of one client stream, as GRPCCore writes it.
///
/// When the method's requests do not stream (unary and server-streaming calls), the one message is
/// held until GRPCCore finishes the request and goes out as a MESSAGE with END_STREAM: one frame
/// fewer per call than MESSAGE then HALF_CLOSE.
final class ClientStreamWriter: ClosableRPCWriterProtocol {
    typealias Element = RPCRequestPart<WebSocketTransportBytes>

    let id: StreamID
    let descriptor: MethodDescriptor
    let connection: ClientConnection
    private let holdsLastMessage: Bool
    private let pending = Mutex<WebSocketTransportBytes?>(nil)

    init(id: StreamID, descriptor: MethodDescriptor, connection: ClientConnection) {
        self.id = id
        self.descriptor = descriptor
        self.connection = connection
        self.holdsLastMessage = descriptor.type.map { !$0.isRequestStreaming } ?? false
    }

    func write(_ element: Element) async throws {
        if self.holdsLastMessage, case .message(let bytes) = element {
            // A second message (not expected here) sends the first one on.
            if let previous = self.pending.withLock({ pending in
                defer { pending = bytes }
                return pending
            }) {
                try await self.connection.send(.message(previous), on: self.id, descriptor: self.descriptor)
            }
            return
        }
        try await self.connection.send(element, on: self.id, descriptor: self.descriptor)
    }

    func write(contentsOf elements: some Sequence<Element>) async throws {
        for element in elements {
            try await self.write(element)
        }
    }

    func finish() async {
        if let last = self.pending.withLock({ $0.take() }) {
            await self.connection.sendLastMessage(last, on: self.id)
        } else {
            await self.connection.finishRequest(on: self.id, error: nil)
        }
    }

    func finish(throwing error: any Error) async {
        self.pending.withLock { $0 = nil }
        await self.connection.finishRequest(on: self.id, error: error)
    }
}
