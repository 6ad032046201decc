import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageServices
import PoleStageTesting
import Testing

@Suite("Health service")
struct HealthTests {
    struct Check: ClientBody {
        let service: String
        func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws
            -> Grpc_Health_V1_HealthCheckResponse.ServingStatus
        {
            var request = Grpc_Health_V1_HealthCheckRequest()
            request.service = self.service
            return try await Grpc_Health_V1_Health.Client(wrapping: client).check(request).status
        }
    }

    @Test("the server reports SERVING on both transports", arguments: TransportKind.allCases)
    func serving(transport: TransportKind) async throws {
        try await withTestServer { _, addresses in
            let status = try await transport.withClient(to: addresses, Check(service: ""))
            #expect(status == .serving)
        }
    }

    @Test(
        "every service served answers SERVING by its full name, on both transports",
        arguments: TransportKind.allCases,
        [
            "grpc.health.v1.Health", "polestage.offers.v1.OfferService", "polestage.reservations.v1.ReservationService",
            "polestage.calendar.v1.CalendarService", "polestage.contacts.v1.ContactService",
            "polestage.admin.v1.AdminService", "grpc.testing.TestService",
        ]
    )
    func everyService(transport: TransportKind, service: String) async throws {
        try await withTestServer { _, addresses in
            let status = try await transport.withClient(to: addresses, Check(service: service))
            #expect(status == .serving)
        }
    }

    @Test("an unknown service is NOT_FOUND, with its name in the message", arguments: TransportKind.allCases)
    func unknownService(transport: TransportKind) async throws {
        try await withTestServer { _, addresses in
            let error = await #expect(throws: RPCError.self) {
                try await transport.withClient(to: addresses, Check(service: "polestage.Nope"))
            }
            #expect(error?.code == .notFound)
            #expect(error?.message == "Unknown service 'polestage.Nope'.")
        }
    }

    struct WatchUntil: ClientBody {
        let server: PoleStageServer
        func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws
            -> [Grpc_Health_V1_HealthCheckResponse.ServingStatus]
        {
            let health = Grpc_Health_V1_Health.Client(wrapping: client)
            return try await health.watch(Grpc_Health_V1_HealthCheckRequest()) { response in
                var seen: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] = []
                for try await message in response.messages {
                    seen.append(message.status)
                    if seen.count == 1 { self.server.health.setStatus(.notServing) }
                    if seen.count == 2 { break }
                }
                return seen
            }
        }
    }

    @Test("Watch streams status changes", arguments: TransportKind.allCases)
    func watch(transport: TransportKind) async throws {
        try await withTestServer { server, addresses in
            let seen = try await withTimeout {
                try await transport.withClient(to: addresses, WatchUntil(server: server))
            }
            #expect(seen == [.serving, .notServing])
        }
    }
}
