public import GRPCCore
public import PoleStageProto
public import PoleStageServer
public import PoleStageWebSocketTransport

/// The domain service clients and the admin client over one `GRPCClient`.
public struct DomainClients<Transport: ClientTransport>: Sendable {
    public let offers: Polestage_Offers_V1_OfferService.Client<Transport>
    public let reservations: Polestage_Reservations_V1_ReservationService.Client<Transport>
    public let calendar: Polestage_Calendar_V1_CalendarService.Client<Transport>
    public let contacts: Polestage_Contacts_V1_ContactService.Client<Transport>
    public let admin: Polestage_Admin_V1_AdminService.Client<Transport>
    public let pupils: Polestage_Placements_V1_PupilService.Client<Transport>
    public let applications: Polestage_Placements_V1_ApplicationService.Client<Transport>
    public let signIn: Polestage_Placements_V1_SignInService.Client<Transport>
    public let inbox: Polestage_Placements_V1_InboxService.Client<Transport>
    public let practice: Polestage_Practice_V1_PracticeService.Client<Transport>

    public init(_ client: GRPCClient<Transport>) {
        self.offers = .init(wrapping: client)
        self.reservations = .init(wrapping: client)
        self.calendar = .init(wrapping: client)
        self.contacts = .init(wrapping: client)
        self.admin = .init(wrapping: client)
        self.pupils = .init(wrapping: client)
        self.applications = .init(wrapping: client)
        self.signIn = .init(wrapping: client)
        self.inbox = .init(wrapping: client)
        self.practice = .init(wrapping: client)
    }
}

/// Runs `body` with domain clients over one WebSocket to the test server.
public func withWebSocketClients<T: Sendable>(
    _ addresses: ListeningAddresses,
    _ body: (DomainClients<WebSocketTransport.Client>) async throws -> T
) async throws -> T {
    try await withGRPCClient(transport: WebSocketTransport.Client(url: addresses.webSocketURL)) { client in
        try await body(DomainClients(client))
    }
}
