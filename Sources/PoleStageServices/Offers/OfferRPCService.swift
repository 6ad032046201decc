public import GRPCCore
import GRPCProtobuf
public import PoleStageProto

/// ``OfferService`` as the server registers it: every method as generated, except `Subscribe`, whose events go out
/// already serialized (``EncodedOfferEvent``) so that a change is encoded once for every subscriber that sees it the
/// same way (``EncodedEventCache``), not once per subscriber. Clients see the same `OfferEvent` bytes either way.
public struct OfferRPCService: RegistrableRPCService {
    public let service: OfferService

    public init(_ service: OfferService) {
        self.service = service
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        self.service.registerMethods(with: &router)
        // Replaces the generated registration of the same method.
        router.registerHandler(
            forMethod: Polestage_Offers_V1_OfferService.Method.Subscribe.descriptor,
            deserializer: ProtobufDeserializer<Polestage_Offers_V1_SubscribeRequest>(),
            serializer: EncodedOfferEventSerializer(),
            handler: { request, context in
                let single = try await ServerRequest(stream: request)
                return StreamingServerResponse(of: EncodedOfferEvent.self, metadata: [:]) { writer in
                    try await self.service.subscribe(request: single.message, encoded: writer, context: context)
                    return [:]
                }
            }
        )
    }
}
