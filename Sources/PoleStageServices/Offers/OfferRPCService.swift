package import GRPCCore
import GRPCProtobuf
import PoleStageProto

/// ``OfferService`` as the server registers it: every method as generated, except `Subscribe`, whose events go out
/// already serialized (``EncodedOfferEvent``) so that a change is encoded once for every subscriber that sees it the
/// same way (``EncodedEventCache``), not once per subscriber. Clients see the same `OfferEvent` bytes either way.
///
/// A transport that can write a stream's messages without waiting, from another task, offers that through
/// `immediateWriter`, looked up in the handler's task: the live feed then writes each change to a waiting subscriber
/// itself, without waking the subscriber's task (see `ImmediateWrite` in PoleStageLive).
package struct OfferRPCService: RegistrableRPCService {
    /// In the handler's task: the writer of its stream's messages that does not wait; `nil` when the transport has no
    /// such path.
    package typealias ImmediateWriterLookup = @Sendable () -> (any ImmediateResponseWriting)?

    package let service: OfferService
    let immediateWriter: ImmediateWriterLookup

    package init(_ service: OfferService, immediateWriter: @escaping ImmediateWriterLookup = { nil }) {
        self.service = service
        self.immediateWriter = immediateWriter
    }

    package func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        self.service.registerMethods(with: &router)
        // Replaces the generated registration of the same method.
        router.registerHandler(
            forMethod: Polestage_Offers_V1_OfferService.Method.Subscribe.descriptor,
            deserializer: ProtobufDeserializer<Polestage_Offers_V1_SubscribeRequest>(),
            serializer: EncodedOfferEventSerializer(),
            handler: { request, context in
                let single = try await ServerRequest(stream: request)
                return StreamingServerResponse(of: EncodedOfferEvent.self, metadata: [:]) { writer in
                    try await self.service.subscribe(
                        request: single.message,
                        encoded: writer,
                        immediate: self.immediateWriter(),
                        context: context
                    )
                    return [:]
                }
            }
        )
    }
}
