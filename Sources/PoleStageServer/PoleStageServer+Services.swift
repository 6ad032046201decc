import GRPCCore
import PoleStageProto
import PoleStageServices
import PoleStageWebSocketTransport

extension PoleStageServer {
    /// The services served on both transports.
    var services: [any RegistrableRPCService] {
        var services: [any RegistrableRPCService] = [
            self.health,
            // Subscribe's events go out pre-serialized, each change encoded once for all who see it alike; over a
            // WebSocket, the live feed writes them to waiting subscribers itself.
            OfferRPCService(
                OfferService(academy: self.academy, hub: self.hub, presence: self.stores.presence),
                immediateWriter: Self.immediateResponseWriter
            ),
            ReservationService(academy: self.academy),
            PupilService(),
            ApplicationService(academy: self.academy),
            SignInService(academy: self.academy, basins: self.basins, tokens: self.tokens),
            InboxService(hub: self.inboxHub),
            CalendarService(academy: self.academy),
            ContactService(academy: self.academy),
            PracticeService(academy: self.academy, hub: self.practiceHub),
            AdminService(
                academy: self.academy,
                basins: self.basins,
                tokens: self.tokens,
                revocations: self.revocations,
                backups: self.stores.backups
            ),
        ]
        services += self.additionalServices
        // Server reflection lists every service above, and itself.
        var router = RPCRouter<WebSocketTransport.Server>()
        for service in services { service.registerMethods(with: &router) }
        let names = router.methods.map(\.service.fullyQualifiedService)
        services.append(
            ReflectionService(
                services: names + [
                    Grpc_Reflection_V1_ServerReflection.descriptor.fullyQualifiedService,
                    ReflectionService.v1alphaService,
                ]
            )
        )
        return services
    }

    /// In a handler's task: the writer of its stream's messages that does not wait, when the WebSocket transport serves
    /// it.
    @Sendable static func immediateResponseWriter() -> (any ImmediateResponseWriting)? {
        ImmediateResponseWriter.current
    }

    /// Every RPC is counted and authenticated, on both transports, by one interceptor (``RPCMeter``); inside it, one
    /// whose deadline passed ends with DEADLINE_EXCEEDED (``DeadlineInterceptor``).
    func interceptors(transport: String) -> [any ServerInterceptor] {
        [
            AuthenticationInterceptor(
                meter: RPCMeter(metrics: self.metrics, transport: transport),
                authority: self.tokens,
                revocations: self.revocations,
                resolver: TenantResolver(academy: self.academy, basins: self.basins),
                publicServices: self.publicServices,
                logger: self.logger
            ),
            DeadlineInterceptor(),
        ]
    }
}
