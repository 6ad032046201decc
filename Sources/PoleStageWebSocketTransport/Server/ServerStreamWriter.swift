import GRPCCore
import PoleStageWire

/// The response side of one server stream, as GRPCCore writes it.
struct ServerStreamWriter: ClosableRPCWriterProtocol {
    typealias Element = RPCResponsePart<WebSocketTransportBytes>

    let id: StreamID
    let connection: ServerConnection

    func write(_ element: Element) async throws {
        try await self.connection.send(element, on: self.id)
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
        await self.connection.finishResponse(on: self.id, error: error)
    }
}
