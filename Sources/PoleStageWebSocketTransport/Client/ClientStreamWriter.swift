import GRPCCore
import PoleStageWire

/// The request side of one client stream, as GRPCCore writes it.
struct ClientStreamWriter: ClosableRPCWriterProtocol {
    typealias Element = RPCRequestPart<WebSocketTransportBytes>

    let id: StreamID
    let descriptor: MethodDescriptor
    let connection: ClientConnection

    func write(_ element: Element) async throws {
        try await self.connection.send(element, on: self.id, descriptor: self.descriptor)
    }

    func write(contentsOf elements: some Sequence<Element>) async throws {
        for element in elements {
            try await self.write(element)
        }
    }

    func finish() async {
        await self.connection.finishRequest(on: self.id, error: nil)
    }

    func finish(throwing error: any Error) async {
        await self.connection.finishRequest(on: self.id, error: error)
    }
}
