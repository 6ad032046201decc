import GRPCCore
import PoleStageWire
import Synchronization

/// The request side of one client stream, as GRPCCore writes it.
///
/// When the method's requests do not stream (unary and server-streaming calls), the metadata and the
/// one message are held until GRPCCore finishes the request, and the whole request goes out as one
/// OPEN carrying the message inline (or, for a message over the inline limit, OPEN then a MESSAGE
/// with END_STREAM): one frame per request instead of three.
final class ClientStreamWriter: ClosableRPCWriterProtocol {
    typealias Element = RPCRequestPart<WebSocketTransportBytes>

    private struct Held {
        var metadata: Metadata?
        var message: WebSocketTransportBytes?
    }

    let id: StreamID
    let descriptor: MethodDescriptor
    let connection: ClientConnection
    private let holdsRequest: Bool
    private let held = Mutex(Held())

    init(id: StreamID, descriptor: MethodDescriptor, connection: ClientConnection) {
        self.id = id
        self.descriptor = descriptor
        self.connection = connection
        self.holdsRequest = descriptor.type.map { !$0.isRequestStreaming } ?? false
    }

    func write(_ element: Element) async throws {
        guard self.holdsRequest else {
            try await self.connection.send(element, on: self.id, descriptor: self.descriptor)
            return
        }
        switch element {
        case .metadata(let metadata):
            self.held.withLock { $0.metadata = metadata }
        case .message(let bytes):
            // The first message is held with the metadata; a second one (not expected for these
            // methods) sends what is held on, the OPEN first.
            let flush: (Metadata?, WebSocketTransportBytes)? = self.held.withLock { held in
                guard let previous = held.message else {
                    held.message = bytes
                    return nil
                }
                defer { held = Held(metadata: nil, message: bytes) }
                return (held.metadata, previous)
            }
            if let (metadata, previous) = flush {
                if let metadata {
                    try await self.connection.send(.metadata(metadata), on: self.id, descriptor: self.descriptor)
                }
                try await self.connection.send(.message(previous), on: self.id, descriptor: self.descriptor)
            }
        }
    }

    func write(contentsOf elements: some Sequence<Element>) async throws {
        for element in elements {
            try await self.write(element)
        }
    }

    func finish() async {
        let held = self.held.withLock { held in
            defer { held = Held() }
            return held
        }
        guard self.holdsRequest, held.metadata != nil || held.message != nil else {
            await self.connection.finishRequest(on: self.id, error: nil)
            return
        }
        await self.connection.sendRequest(
            on: self.id,
            descriptor: self.descriptor,
            metadata: held.metadata,
            lastMessage: held.message
        )
    }

    func finish(throwing error: any Error) async {
        self.held.withLock { $0 = Held() }
        await self.connection.finishRequest(on: self.id, error: error)
    }
}
