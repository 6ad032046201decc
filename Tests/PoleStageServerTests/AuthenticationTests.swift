import Foundation
import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import PoleStageWebSocketTransport
import Testing

@Suite("Authentication: every RPC carries a valid bearer token, on both transports")
struct AuthenticationTests {
    struct SearchAs: ClientBody {
        let metadata: Metadata
        func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws -> RPCError? {
            await expectFailure {
                _ = try await DomainClients(client).offers.searchOffers(.init(), metadata: self.metadata)
            }
        }
    }

    static func expectFailure(_ body: () async throws -> Void) async -> RPCError? {
        do {
            try await body()
            return nil
        } catch {
            return error as? RPCError
        }
    }

    static func token(_ claims: TokenClaims, key: SigningKey) async throws -> String {
        try await TokenAuthority(keys: [key]).sign(claims)
    }

    static func claims(expiresIn seconds: TimeInterval = 3600) -> TokenClaims {
        TokenClaims(
            sub: "u-1",
            role: .animator,
            issuedAt: Date(),
            expiresAt: Date().addingTimeInterval(seconds),
            id: "t-1",
            basin: "basin-a"
        )
    }

    @Test("refused tokens are UNAUTHENTICATED with the reason", arguments: TransportKind.allCases)
    func refusedTokens(transport: TransportKind) async throws {
        try await withDomainServer { _, addresses, _ in
            let otherSecret = try SigningKey(id: "test", secret: Array(repeating: 7, count: 32))
            let otherKid = try SigningKey(id: "retired", secret: Array(repeating: 7, count: 32))
            let cases: [(Metadata, String)] = [
                ([:], "missing 'authorization: Bearer <token>'"),
                (["authorization": "Basic dXNlcjpwYXNz"], "missing 'authorization: Bearer <token>'"),
                (["authorization": "Bearer not-a-jwt"], "not a well-formed JWT"),
                (
                    ["authorization": "Bearer \(try await Self.token(Self.claims(), key: otherSecret))"],
                    "signature does not verify"
                ),
                (
                    ["authorization": "Bearer \(try await Self.token(Self.claims(), key: otherKid))"],
                    "unknown key id 'retired'"
                ),
                (
                    ["authorization": "Bearer \(try await Self.token(Self.claims(expiresIn: -60), key: .testing))"],
                    "expired"
                ),
            ]
            for (metadata, message) in cases {
                let error = try await transport.withClient(to: addresses, SearchAs(metadata: metadata))
                #expect(error?.code == .unauthenticated, "\(message)")
                #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
            }
        }
    }

    @Test("a valid token passes, on both transports", arguments: TransportKind.allCases)
    func validToken(transport: TransportKind) async throws {
        try await withDomainServer { _, addresses, fixture in
            let error = try await transport.withClient(to: addresses, SearchAs(metadata: fixture.metadata(.animatorA)))
            #expect(error == nil)
        }
    }

    @Test("a token for a school that is not in the directory is PERMISSION_DENIED")
    func unknownSchool() async throws {
        try await withDomainServer { server, addresses, _ in
            let stranger = try await server.tokens.issue(
                for: .school(user: "u-x", school: UAI("0719999" + String(UAI.checkLetter(for: "0719999")!))!),
                lifetime: .seconds(60)
            )
            _ = try await withWebSocketClients(addresses) { clients in
                await expectStatus(.permissionDenied, "n'est pas dans l'annuaire de l'académie") {
                    try await clients.offers.searchOffers(.init(), metadata: ["authorization": "Bearer \(stranger)"])
                }
            }
        }
    }

    @Test("the health service answers without a token")
    func healthIsPublic() async throws {
        try await withDomainServer { _, addresses, _ in
            try await withGRPCClient(transport: WebSocketTransport.Client(url: addresses.webSocketURL)) { client in
                let health = Grpc_Health_V1_Health.Client(wrapping: client)
                let response = try await health.check(.init())
                #expect(response.status == .serving)
            }
        }
    }

    @Test("a coordinator who names no basin is asked for one; an unknown basin is NOT_FOUND")
    func coordinatorBasin() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                await expectStatus(.invalidArgument, "'polestage-basin' metadata key") {
                    try await clients.offers.searchOffers(.init(), metadata: fixture.metadata(.coordinator))
                }
                var metadata = fixture.metadata(.coordinator)
                metadata.addString("nowhere", forKey: "polestage-basin")
                await expectStatus(.notFound, "bassin nowhere : introuvable") {
                    try await clients.offers.searchOffers(.init(), metadata: metadata)
                }
                var bad = fixture.metadata(.coordinator)
                bad.addString("../etc", forKey: "polestage-basin")
                await expectStatus(.invalidArgument, "n'est pas un identifiant de bassin") {
                    try await clients.offers.searchOffers(.init(), metadata: bad)
                }
                _ = try await clients.offers.searchOffers(
                    .init(),
                    metadata: fixture.metadata(.coordinator, basin: fixture.basinB)
                )
                // Named twice, even the same basin: refused, whichever would have won.
                var twice = fixture.metadata(.coordinator, basin: fixture.basinB)
                twice.addString(fixture.basinA.rawValue, forKey: "polestage-basin")
                await expectStatus(.invalidArgument, "polestage-basin is given 2 times: name one basin, once") {
                    try await clients.offers.searchOffers(.init(), metadata: twice)
                }
            }
        }
    }
}
