import GRPCCore
import PoleStageWire
import Synchronization

/// The response side of one server stream, as GRPCCore writes it.
///
/// For methods that answer with one message (unary, client streaming), the message is held until the
/// status and travels inline in the TRAILERS: one frame per response instead of two.
final class ServerStreamWriter: ClosableRPCWriterProtocol {
    typealias Element = RPCResponsePart<WebSocketTransportBytes>

    let id: StreamID
    let connection: ServerConnection
    private let holdsLastMessage: Bool
    private let held = Mutex<WebSocketTransportBytes?>(nil)

    init(id: StreamID, connection: ServerConnection, holdsLastMessage: Bool) {
        self.id = id
        self.connection = connection
        self.holdsLastMessage = holdsLastMessage
    }

    func write(_ element: Element) async throws {
        guard self.holdsLastMessage else {
            try await self.connection.send(element, on: self.id)
            return
        }
        switch element {
        case .message(let bytes):
            // A second message (not expected for these methods) sends the held one on.
            if let previous = self.held.withLock({ held in
                defer { held = bytes }
                return held
            }) {
                try await self.connection.send(.message(previous), on: self.id)
            }
        case .status(let status, let metadata):
            let last = self.held.withLock { $0.take() }
            try await self.connection.sendStatus(status, metadata: metadata, lastMessage: last, on: self.id)
        case .metadata:
            try await self.connection.send(element, on: self.id)
        }
    }

    func write(contentsOf elements: some Sequence<Element>) async throws {
        for element in elements {
            try await self.write(element)
        }
    }

    func finish() async {
        await self.connection.finishResponse(on: self.id, error: nil)
    }

    func finish(throwing error: any Error) async {
        self.held.withLock { $0 = nil }
        await self.connection.finishResponse(on: self.id, error: error)
    }
}
